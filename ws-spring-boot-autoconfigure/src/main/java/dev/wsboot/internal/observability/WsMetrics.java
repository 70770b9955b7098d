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

package dev.wsboot.internal.observability;

import java.util.function.IntSupplier;

import dev.wsboot.protocol.ErrorCode;

import org.springframework.web.socket.CloseStatus;

/**
 * The events of a node that meters count, each called where it happens. Every method
 * does nothing by default, and {@link #NONE} is what the starter uses when no metrics
 * library is present, so that counting costs a call that does nothing.
 * <p>
 * Implementations must be thread-safe and must not block: they are called on container
 * threads, on the write lanes and on the registry's threads.
 *
 * @author wsboot
 */
public interface WsMetrics {

	/** Counts nothing. */
	WsMetrics NONE = new WsMetrics() {
	};

	/**
	 * An endpoint was registered.
	 * @param endpoint its path pattern
	 * @param connections the number of its open connections on this node
	 */
	default void endpointRegistered(String endpoint, IntSupplier connections) {
	}

	/**
	 * A connection was opened and registered.
	 * @param endpoint its endpoint's path pattern
	 */
	default void connectionOpened(String endpoint) {
	}

	/**
	 * A connection was closed.
	 * @param endpoint its endpoint's path pattern
	 * @param status the close status
	 * @param byServer whether the server closed it
	 */
	default void connectionClosed(String endpoint, CloseStatus status, boolean byServer) {
	}

	/**
	 * A handshake was refused before the upgrade.
	 * @param endpoint the endpoint's path pattern
	 * @param reason why, one of {@link HandshakeRefusal}
	 */
	default void handshakeRefused(String endpoint, HandshakeRefusal reason) {
	}

	/**
	 * An error frame was sent to a client.
	 * @param endpoint the endpoint's path pattern
	 * @param code its code
	 */
	default void errorFrameSent(String endpoint, ErrorCode code) {
	}

	/**
	 * An inbound message went over the rate limit.
	 * @param endpoint the endpoint's path pattern
	 * @param closed whether the connection was closed for it, rather than the message
	 * dropped
	 */
	default void rateLimited(String endpoint, boolean closed) {
	}

	/**
	 * A connection was closed because it did not read what it was sent.
	 * @param endpoint the endpoint's path pattern
	 */
	default void slowConsumerClosed(String endpoint) {
	}

	/**
	 * Why a handshake was refused, as a bounded tag.
	 */
	enum HandshakeRefusal {

		/** The {@code Origin} is not allowed. */
		ORIGIN,

		/** The endpoint requires an authenticated user and the request has none. */
		UNAUTHENTICATED,

		/** The node or the client's address is at its connection limit. */
		CAPACITY,

		/** The authenticated user is at {@code ws.limits.max-connections-per-user}. */
		USER_LIMIT,

		/** The request target is not a valid URI. */
		BAD_REQUEST,

		/** {@code @OnHandshake} refused it. */
		APPLICATION;

		/**
		 * Return the tag value.
		 * @return the name in lower case
		 */
		public String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
