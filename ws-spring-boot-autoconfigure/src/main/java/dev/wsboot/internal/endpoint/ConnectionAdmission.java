/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wsboot.internal.endpoint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Counts this node's WebSocket connections, those being opened included, and refuses a
 * handshake over the node's cap ({@code ws.limits.max-connections}: 503) or over the cap of its
 * remote address ({@code ws.limits.max-connections-per-address}: 429), before the upgrade. A
 * slot is taken when a handshake is admitted and given back when the handshake fails or
 * the connection closes.
 *
 * @author wsboot
 */
final class ConnectionAdmission {

	/** The remote address a slot was taken for, in the handshake request and the session. */
	static final String SLOT = ConnectionAdmission.class.getName() + ".slot";

	private final int maxConnections;

	private final int maxConnectionsPerAddress;

	private final AtomicInteger open = new AtomicInteger();

	private final Map<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

	/**
	 * Create the admission of a node.
	 * @param maxConnections the most connections of the node, or zero for no cap
	 * @param maxConnectionsPerAddress the most connections from one remote address, or
	 * zero for no cap
	 */
	ConnectionAdmission(int maxConnections, int maxConnectionsPerAddress) {
		this.maxConnections = maxConnections;
		this.maxConnectionsPerAddress = maxConnectionsPerAddress;
	}

	/**
	 * Take a slot for a handshake.
	 * @param address the remote address, or {@code null} when unknown
	 * @return {@code null} when admitted, else the status to refuse the handshake with
	 */
	@Nullable HttpStatus admit(@Nullable String address) {
		if (this.open.incrementAndGet() > this.maxConnections && this.maxConnections > 0) {
			this.open.decrementAndGet();
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		if (this.maxConnectionsPerAddress > 0 && address != null) {
			AtomicInteger count = this.byAddress.compute(address, (key, value) -> {
				AtomicInteger result = (value != null) ? value : new AtomicInteger();
				result.incrementAndGet();
				return result;
			});
			if (count.get() > this.maxConnectionsPerAddress) {
				release(address);
				return HttpStatus.TOO_MANY_REQUESTS;
			}
		}
		return null;
	}

	/**
	 * Give a slot back.
	 * @param address the remote address it was taken for
	 */
	void release(@Nullable String address) {
		this.open.decrementAndGet();
		if (this.maxConnectionsPerAddress > 0 && address != null) {
			this.byAddress.computeIfPresent(address, (key, value) -> (value.decrementAndGet() <= 0) ? null : value);
		}
	}

	/**
	 * Give back the slot of a session that closed, once.
	 * @param sessionAttributes the session's attributes
	 */
	void release(Map<String, Object> sessionAttributes) {
		if (sessionAttributes.remove(SLOT) instanceof String address) {
			release(address.isEmpty() ? null : address);
		}
	}

	/**
	 * Return the number of connections open or being opened.
	 * @return the number of slots taken
	 */
	int openConnections() {
		return this.open.get();
	}

	/**
	 * Return the node's cap.
	 * @return the most connections, or zero for no cap
	 */
	int maxConnections() {
		return this.maxConnections;
	}

	/**
	 * Return how many seconds a refused client should wait before trying again: spread
	 * from 2 to 10 s, so that refused clients do not all come back at once.
	 * @return the value of the {@code Retry-After} header
	 */
	static String retryAfterSeconds() {
		return Integer.toString(ThreadLocalRandom.current().nextInt(2, 11));
	}

}
