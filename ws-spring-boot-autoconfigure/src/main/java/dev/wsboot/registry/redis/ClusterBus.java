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

package dev.wsboot.registry.redis;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import dev.wsboot.history.HistoryPosition;
import dev.wsboot.history.HistorySettings;
import dev.wsboot.observation.ClusterDeliveryObservationContext;
import dev.wsboot.observation.ClusterPublishObservationContext;
import dev.wsboot.observation.DefaultClusterDeliveryObservationConvention;
import dev.wsboot.observation.DefaultClusterPublishObservationConvention;
import dev.wsboot.observation.WsObservationDocumentation;
import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.redis.ClusterMessage.Kind;
import dev.wsboot.registry.internal.HistoryFrames;
import dev.wsboot.registry.internal.LocalConnection;
import dev.wsboot.registry.internal.LocalIndex;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.web.socket.CloseStatus;

import static dev.wsboot.registry.redis.RedisKeys.bytes;
import static dev.wsboot.registry.redis.RedisKeys.nodeOf;
import static dev.wsboot.registry.redis.RedisKeys.string;

/**
 * The cluster's message bus: publishes what this node sends to other nodes, and reads
 * what other nodes send to this one, delivering it to the local connections. Messages
 * are framed, and signed when the cluster has a secret, by a {@link ClusterCodec}; a
 * message that does not pass is counted and, at most every ten seconds, logged.
 *
 * @author wsboot
 */
final class ClusterBus implements MessageListener {

	private static final Log logger = LogFactory.getLog(RedisConnectionRegistry.class);

	private final String nodeId;

	private final RedisKeys keys;

	private final RedisAccess redis;

	private final Scripts scripts;

	private static final DefaultClusterPublishObservationConvention PUBLISH_CONVENTION = new DefaultClusterPublishObservationConvention();

	private static final DefaultClusterDeliveryObservationConvention DELIVERY_CONVENTION = new DefaultClusterDeliveryObservationConvention();

	private final LongAdder publishes = new LongAdder();

	private volatile ObservationRegistry observations = ObservationRegistry.NOOP;

	private final LocalIndex locals;

	private final ClusterCodec codec;

	private final Map<ClusterCodec.Rejection, AtomicLong> rejected = new EnumMap<>(ClusterCodec.Rejection.class);

	/** When a rejected message was last logged, in nanoseconds. */
	private final AtomicLong rejectionLoggedAt = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

	ClusterBus(RedisRegistrySettings settings, String nodeId, RedisKeys keys, RedisAccess redis, Scripts scripts,
			LocalIndex locals) {
		this.nodeId = nodeId;
		this.keys = keys;
		this.redis = redis;
		this.scripts = scripts;
		this.locals = locals;
		RedisRegistrySettings.Signing signing = settings.signing();
		this.codec = (signing != null)
				? new ClusterCodec(settings.cluster(), signing.secret(), signing.previousSecret(), signing.maxAge(),
						System::currentTimeMillis)
				: new ClusterCodec(settings.cluster(), null, null, Duration.ofMinutes(1), System::currentTimeMillis);
		for (ClusterCodec.Rejection rejection : ClusterCodec.Rejection.values()) {
			this.rejected.put(rejection, new AtomicLong());
		}
	}

	boolean signs() {
		return this.codec.signs();
	}

	long rejectedMessageCount() {
		return this.rejected.values().stream().mapToLong(AtomicLong::get).sum();
	}

	/** Observe publishes and deliveries in this registry from now on. */
	void setObservationRegistry(ObservationRegistry observations) {
		this.observations = observations;
	}

	// Publishing

	/** Publish a room broadcast to the room's channel. */
	void publishToRoom(String room, Collection<String> excluded, OutboundMessage message) {
		publish(this.keys.roomChannel(room), ClusterMessage.delivery(Kind.ROOM, this.nodeId, room, excluded, message));
	}

	/**
	 * Append a broadcast to a room's history and publish it, in one script; every node
	 * with members in the room, this one too, delivers it from the room's channel.
	 * @return whether Redis took it; if not, it is neither kept nor published
	 */
	boolean publishToHistoryRoom(String room, Collection<String> excluded, OutboundMessage message,
			HistorySettings settings, RedisHistory history) {
		this.publishes.increment();
		HistoryPosition position = observed(ClusterMessage.delivery(Kind.ROOM, this.nodeId, room, excluded, message),
				(published) -> history.tryAppend(room, settings, message.text(), published));
		return position != null;
	}

	/** Publish a send to everyone. */
	void publishToAll(OutboundMessage message) {
		publish(this.keys.allChannel(), ClusterMessage.delivery(Kind.ALL, this.nodeId, "", List.of(), message));
	}

	/** Tell the node of a connection that it joined or left a room on this node's request. */
	void publishMembership(String connectionId, String room, boolean joined) {
		publish(this.keys.nodeChannel(nodeOf(connectionId)),
				ClusterMessage.control(joined ? Kind.JOINED : Kind.LEFT, this.nodeId, connectionId, room));
	}

	/**
	 * Publish a send to a connection of another node, if Redis knows the connection.
	 * @return whether it does
	 */
	boolean publishToConnection(String connectionId, OutboundMessage message) {
		return publishIfConnected(connectionId,
				ClusterMessage.delivery(Kind.CONNECTION, this.nodeId, connectionId, List.of(), message));
	}

	/**
	 * Ask the node of a connection to close it, if Redis knows the connection.
	 * @return whether it does
	 */
	boolean publishClose(String connectionId, CloseStatus status) {
		return publishIfConnected(connectionId,
				ClusterMessage.control(Kind.CLOSE, this.nodeId, connectionId, closeArgument(status)));
	}

	/** Publish a user send once to every other node that holds a connection of the user. */
	/** How many messages this node has handed to Redis to publish, since startup. */
	long publishCount() {
		return this.publishes.sum();
	}

	void publishToUser(String userKey, OutboundMessage message) {
		this.publishes.increment();
		byte[] published = this.codec.encode(ClusterMessage.delivery(Kind.USER, this.nodeId, userKey, List.of(), message));
		this.redis.attempt("send to a user", () -> this.scripts.publishToUserNodes(userKey, published));
	}

	private boolean publishIfConnected(String connectionId, ClusterMessage message) {
		this.publishes.increment();
		Long result = observed(message, (published) -> this.redis.attempt("send to a connection",
				() -> this.scripts.publishIfConnected(connectionId, this.keys.nodeChannel(nodeOf(connectionId)),
						published)));
		return result != null && result >= 0;
	}

	private void publish(String channel, ClusterMessage message) {
		this.publishes.increment();
		observed(message,
				(published) -> this.redis.run("publish", (connection) -> connection.publish(bytes(channel), published)));
	}

	/**
	 * Encode and publish a message. A delivery published within an observation (an
	 * inbound message's, a request's) is observed itself, and carries the trace context
	 * that a tracer puts in its headers to the nodes that deliver it.
	 */
	private <T> @Nullable T observed(ClusterMessage message, Function<byte[], @Nullable T> publish) {
		ObservationRegistry registry = this.observations;
		if (message.message() == null || registry.isNoop() || registry.getCurrentObservation() == null) {
			return publish.apply(this.codec.encode(message));
		}
		ClusterPublishObservationContext context = new ClusterPublishObservationContext(kindTag(message.kind()));
		Observation observation = WsObservationDocumentation.PUBLISH
			.observation(null, PUBLISH_CONVENTION, () -> context, registry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			Map<String, String> headers = Objects.requireNonNull(context.getCarrier());
			return publish.apply(this.codec.encode(message.withHeaders(headers)));
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private static String kindTag(Kind kind) {
		return kind.name().toLowerCase(Locale.ROOT);
	}

	// Reading

	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		ClusterCodec.Decoded decoded = this.codec.decode(message.getBody());
		ClusterMessage received = decoded.message();
		if (received == null) {
			rejected(message, decoded);
			return;
		}
		HistoryPosition position = decoded.position();
		if (position == null && received.origin().equals(this.nodeId)
				&& (received.kind() == Kind.ROOM || received.kind() == Kind.ALL)) {
			// delivered here when sent; a broadcast with a position is delivered here from Redis, in order
			return;
		}
		ObservationRegistry registry = this.observations;
		if (received.headers().isEmpty() || received.message() == null || registry.isNoop()) {
			deliver(received, position);
			return;
		}
		ClusterDeliveryObservationContext context = new ClusterDeliveryObservationContext(kindTag(received.kind()),
				received.origin(), received.headers());
		WsObservationDocumentation.DELIVERY.observation(null, DELIVERY_CONVENTION, () -> context, registry)
			.observe(() -> deliver(received, position));
	}

	private void deliver(ClusterMessage received, @Nullable HistoryPosition position) {
		OutboundMessage payload = received.message();
		switch (received.kind()) {
			case ROOM -> {
				if (payload != null) {
					Set<String> excluded = received.excluded().isEmpty() ? Set.of() : Set.copyOf(received.excluded());
					if (position != null) {
						this.locals.deliverToRoom(received.target(),
								HistoryFrames.positioned(payload.text(), received.target(), position), excluded,
								position);
					}
					else {
						this.locals.deliverToRoom(received.target(), payload, excluded);
					}
				}
			}
			case CONNECTION -> {
				LocalConnection local = this.locals.get(received.target());
				if (local != null && payload != null) {
					this.locals.deliverTo(local, payload);
				}
			}
			case USER -> {
				if (payload != null) {
					this.locals.deliverToUser(received.target(), payload);
				}
			}
			case ALL -> {
				if (payload != null) {
					this.locals.deliverToAll(payload);
				}
			}
			case JOINED -> remoteMembershipChanged(received.target(), received.argument(), true);
			case LEFT -> remoteMembershipChanged(received.target(), received.argument(), false);
			case CLOSE -> {
				LocalConnection local = this.locals.get(received.target());
				if (local != null) {
					local.connection().close(closeStatus(received.argument()));
				}
			}
		}
	}

	/**
	 * Count a message this node did not read and say why, at most every ten seconds: a
	 * message of another cluster means two applications share a key prefix; a forged,
	 * unsigned or replayed one, that someone else publishes on this cluster's channels.
	 */
	private void rejected(Message message, ClusterCodec.Decoded decoded) {
		ClusterCodec.Rejection rejection = Objects.requireNonNull(decoded.rejection());
		Objects.requireNonNull(this.rejected.get(rejection)).incrementAndGet();
		long now = System.nanoTime();
		long last = this.rejectionLoggedAt.get();
		if (now - last >= TimeUnit.SECONDS.toNanos(10) && this.rejectionLoggedAt.compareAndSet(last, now)) {
			logger.warn("Ignored a cluster message on channel " + string(message.getChannel()) + " (" + rejection
					+ ": " + decoded.detail() + "); " + rejectedMessageCount() + " ignored since startup. "
					+ switch (rejection) {
						case OTHER_CLUSTER -> "Another application publishes under this key prefix: give each "
								+ "application its own ws.registry.redis.cluster or key-prefix.";
						case UNSIGNED, BAD_SIGNATURE, REPLAYED, EXPIRED -> "Either a node has another "
								+ "ws.registry.redis.secret, or a clock is off, or someone else publishes on this "
								+ "cluster's channels: restrict the Redis user with an ACL.";
						case UNREADABLE -> "A node of another version of the starter, or not a node, publishes "
								+ "under this key prefix.";
					});
		}
	}

	private void remoteMembershipChanged(String connectionId, @Nullable String room, boolean joined) {
		LocalConnection local = this.locals.get(connectionId);
		if (local == null || room == null) {
			return;
		}
		synchronized (local) {
			local.changed();
			if (local.isClosed()) {
				return;
			}
			if (joined && local.rooms().add(room)) {
				this.locals.addToRoom(room, local, 0, 0);
			}
			else if (!joined && local.rooms().remove(room)) {
				this.locals.removeFromRoom(room, connectionId);
			}
		}
	}

	/** A close status as a control message's argument: the code, then a space and the reason if any. */
	private static String closeArgument(CloseStatus status) {
		String reason = status.getReason();
		return (reason != null && !reason.isEmpty()) ? status.getCode() + " " + reason
				: Integer.toString(status.getCode());
	}

	private static CloseStatus closeStatus(@Nullable String argument) {
		if (argument == null) {
			return CloseStatus.NORMAL;
		}
		int space = argument.indexOf(' ');
		String code = (space >= 0) ? argument.substring(0, space) : argument;
		try {
			CloseStatus status = new CloseStatus(Integer.parseInt(code));
			return (space >= 0) ? status.withReason(argument.substring(space + 1)) : status;
		}
		catch (IllegalArgumentException ex) {
			return CloseStatus.NORMAL;
		}
	}

}
