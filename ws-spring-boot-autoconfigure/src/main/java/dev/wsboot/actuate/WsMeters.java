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

package dev.wsboot.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import dev.wsboot.internal.connection.WriteLanes;
import dev.wsboot.internal.observability.WsMetrics;
import dev.wsboot.protocol.ErrorCode;
import dev.wsboot.registry.ConnectionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import org.springframework.web.socket.CloseStatus;

/**
 * The starter's meters in a Micrometer {@link MeterRegistry}: gauges of the node's
 * state, and counters of its events. Every tag takes its values from a bounded set:
 * endpoints are path patterns, never a room, a user or a connection id.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class WsMeters implements WsMetrics {

	private final MeterRegistry registry;

	/** The counters met so far, by name and tag values: bounded, as the tags are. */
	private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * Register the gauges of a node and count its events.
	 * @param registry where the meters go
	 * @param connections the connection registry
	 * @param lanes the write lanes
	 * @param maxConnections the node's connection limit, or 0 for none
	 */
	public WsMeters(MeterRegistry registry, ConnectionRegistry connections, WriteLanes lanes, int maxConnections) {
		this.registry = registry;
		Gauge.builder("ws.rooms", connections, ConnectionRegistry::localRoomCount)
			.description("Rooms with at least one member on this node")
			.register(registry);
		Gauge.builder("ws.outbound.backlog", lanes, WriteLanes::backlogBytes)
			.description("Payload bytes waiting in the write lanes")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("ws.lanes", lanes, WriteLanes::laneCount).description("Write lanes").register(registry);
		if (maxConnections > 0) {
			Gauge.builder("ws.connections.capacity", () -> maxConnections)
				.description("The node's connection limit (ws.limits.max-connections)")
				.register(registry);
		}
		FunctionCounter.builder("ws.deliveries", lanes, WriteLanes::deliveryCount)
			.description("Messages queued for sending, one per recipient")
			.register(registry);
		FunctionCounter.builder("ws.outbound.dropped", lanes, WriteLanes::droppedMessages)
			.description("Messages dropped because a write lane's backlog stayed full")
			.register(registry);
		FunctionCounter.builder("ws.lanes.rescues", lanes, WriteLanes::rescueCount)
			.description("Times a lane carried on on a new thread after a client's write stalled")
			.register(registry);
	}

	@Override
	public void endpointRegistered(String endpoint, IntSupplier connections) {
		Gauge.builder("ws.connections", connections, IntSupplier::getAsInt)
			.description("Open connections of an endpoint on this node")
			.tag("endpoint", endpoint)
			// the supplier is held by nothing else
			.strongReference(true)
			.register(this.registry);
	}

	@Override
	public void connectionOpened(String endpoint) {
		counter("ws.connections.opened", "Connections opened", endpoint).increment();
	}

	@Override
	public void connectionClosed(String endpoint, CloseStatus status, boolean byServer) {
		counter("ws.connections.closed", "Connections closed", endpoint, "code", codeTag(status.getCode()),
				"initiator", byServer ? "server" : "client")
			.increment();
	}

	@Override
	public void handshakeRefused(String endpoint, HandshakeRefusal reason) {
		counter("ws.handshakes.refused", "Handshakes refused before the upgrade", endpoint, "reason", reason.tag())
			.increment();
	}

	@Override
	public void errorFrameSent(String endpoint, ErrorCode code) {
		counter("ws.errors.sent", "Error frames sent to clients", endpoint, "code", code.code()).increment();
	}

	@Override
	public void rateLimited(String endpoint, boolean closed) {
		counter("ws.messages.rate.limited", "Inbound messages over the rate limit", endpoint, "action",
				closed ? "closed" : "dropped")
			.increment();
	}

	@Override
	public void slowConsumerClosed(String endpoint) {
		counter("ws.connections.slow.closed", "Connections closed for not reading what they were sent", endpoint)
			.increment();
	}

	/**
	 * Return a counter, registered on first use and then looked up by its tag values, so
	 * that an event (an error frame of a flood, say) costs a map lookup rather than a
	 * meter id and a registry lookup.
	 * @param tags the endpoint, then further tag names and values, in pairs
	 */
	private Counter counter(String name, String description, String endpoint, String... tags) {
		CounterKey key = new CounterKey(name, endpoint, (tags.length > 1) ? tags[1] : "",
				(tags.length > 3) ? tags[3] : "");
		Counter counter = this.counters.get(key);
		if (counter == null) {
			counter = this.counters.computeIfAbsent(key, (k) -> Counter.builder(name)
				.description(description)
				.tags(Tags.of("endpoint", endpoint).and(tags))
				.register(this.registry));
		}
		return counter;
	}

	private record CounterKey(String name, String endpoint, String first, String second) {
	}

	/**
	 * A close code as a tag from a bounded set: the codes of RFC 6455 as they are, the
	 * ranges for libraries and applications as {@code 3xxx} and {@code 4xxx}.
	 * @param code the close code
	 * @return the tag value
	 */
	static String codeTag(int code) {
		if (code >= 1000 && code <= 1015) {
			return Integer.toString(code);
		}
		if (code >= 3000 && code <= 3999) {
			return "3xxx";
		}
		if (code >= 4000 && code <= 4999) {
			return "4xxx";
		}
		return "other";
	}

}
