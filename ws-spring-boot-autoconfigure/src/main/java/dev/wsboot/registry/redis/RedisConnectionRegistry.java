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

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.wsboot.history.HistoryLimits;
import dev.wsboot.history.HistoryPosition;
import dev.wsboot.history.HistorySettings;
import dev.wsboot.history.RoomHistory;
import dev.wsboot.history.RoomHistoryPolicy;
import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.LocalDelivery;
import dev.wsboot.registry.LostConnection;
import dev.wsboot.registry.Member;
import dev.wsboot.registry.MemberPage;
import dev.wsboot.registry.MembershipLimits;
import dev.wsboot.registry.RegisteredConnection;
import dev.wsboot.registry.RoomLimitExceededException;
import dev.wsboot.registry.RoomNames;
import dev.wsboot.registry.RoomPage;
import dev.wsboot.registry.UserKeys;
import dev.wsboot.registry.UserLimitExceededException;
import dev.wsboot.registry.internal.HistoryFrames;
import dev.wsboot.registry.internal.LocalConnection;
import dev.wsboot.registry.internal.LocalIndex;
import dev.wsboot.registry.internal.RoomHistories;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

import static dev.wsboot.registry.redis.RedisKeys.bytes;
import static dev.wsboot.registry.redis.RedisKeys.nodeOf;
import static dev.wsboot.registry.redis.RedisKeys.string;
import static dev.wsboot.registry.redis.RedisKeys.strings;

/**
 * {@link ConnectionRegistry} for many nodes sharing one Redis. Each node keeps its own
 * connections and an index of their rooms and users; Redis holds the cluster-wide mirror
 * (room, connection, user and node sets) and carries deliveries over pub/sub.
 *
 * <ul>
 * <li>A room broadcast is delivered to the local members first, without a round trip,
 * and then published once to the room's channel, whatever the room size. A node
 * subscribes to a room's channel while, and only while, it has local members.</li>
 * <li>A connection id starts with the id of its node, so a direct send is published to
 * that node's channel only, in one script that also tells whether the connection
 * exists.</li>
 * <li>Each node refreshes a liveness key every heartbeat. A node whose key expires is
 * swept by one live node: its connections leave every room and user, and each is reported
 * once, cluster-wide, to the {@linkplain #setLostConnectionListener lost-connection
 * listener}.</li>
 * <li>When Redis comes back empty, every node writes its local state again at its next
 * heartbeat. While Redis is unreachable, local delivery goes on; failures are logged once
 * per outage.</li>
 * </ul>
 * Delivery across nodes is at most once.
 * <p>
 * The registry is a facade over parts with one job each: {@link RedisKeys} (keys and
 * channels), {@link RedisAccess} (Redis and whether it answers), {@link LocalIndex} (this
 * node's connections), {@link ClusterBus} (publishing and reading cluster messages),
 * {@link RoomSubscriptions}, {@link NodeHousekeeping} (liveness, re-assertion, sweeping)
 * and {@link ConnectionRecords} (what Redis keeps of a connection).
 *
 * @author wsboot
 * @since 0.1.0
 */
public class RedisConnectionRegistry implements ConnectionRegistry, SmartLifecycle {

	/**
	 * Phase of this registry: it stops after the endpoints have closed their connections
	 * and before the Redis connection factory stops.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 768;

	private static final Log logger = LogFactory.getLog(RedisConnectionRegistry.class);

	private final RedisRegistrySettings settings;

	private final String nodeId;

	private final AtomicLong sequence = new AtomicLong();

	private final RedisKeys keys;

	private final RedisAccess redis;

	private final LocalIndex locals;

	private final ClusterBus bus;

	private final RoomSubscriptions subscriptions;

	private final Scripts scripts;

	private volatile Supplier<ObservationRegistry> observationRegistry = () -> ObservationRegistry.NOOP;

	private final NodeHousekeeping housekeeping;

	private volatile boolean running;

	private volatile @Nullable RoomHistories histories;

	private volatile @Nullable RedisHistory history;

	/**
	 * Create a registry.
	 * @param connectionFactory the application's Redis connection factory
	 * @param container the listener container that carries the pub/sub subscriptions
	 * @param settings the settings
	 */
	public RedisConnectionRegistry(RedisConnectionFactory connectionFactory, RedisMessageListenerContainer container,
			RedisRegistrySettings settings) {
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		Assert.notNull(container, "'container' must not be null");
		this.settings = settings;
		String incarnation = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
		this.nodeId = (settings.nodeName() != null) ? settings.nodeName() + "." + incarnation : incarnation;
		this.keys = new RedisKeys(settings.keyPrefix());
		this.redis = new RedisAccess(connectionFactory);
		RoomSubscriptions[] subscribed = new RoomSubscriptions[1];
		this.locals = new LocalIndex((room) -> subscribed[0].roomChanged(room));
		this.scripts = new Scripts(this.keys, this.nodeId, this.redis.template());
		this.bus = new ClusterBus(settings, this.nodeId, this.keys, this.redis, this.scripts, this.locals);
		this.subscriptions = new RoomSubscriptions(container, this.bus, this.keys, this.nodeId, this.redis,
				this.locals::hasRoom, this.locals::roomNames);
		subscribed[0] = this.subscriptions;
		this.housekeeping = new NodeHousekeeping(settings, this.nodeId, this.keys, this.redis, this.locals,
				this.scripts, this.subscriptions);
	}

	/**
	 * Return the id of this node, the prefix of its connection ids.
	 * @return the node id
	 */
	public String nodeId() {
		return this.nodeId;
	}

	/**
	 * Observe the messages this node publishes to the others and delivers from them, with
	 * this registry: a trace that reaches a broadcast continues on the nodes that deliver
	 * it. Asked for when the registry starts.
	 * @param observationRegistry the observation registry
	 */
	public void setObservationRegistry(Supplier<ObservationRegistry> observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Return the name of the cluster this node belongs to.
	 * @return the cluster name
	 */
	public String cluster() {
		return this.settings.cluster();
	}

	/**
	 * Return how many messages this node has handed to Redis to publish since startup.
	 * @return the number of publishes
	 */
	public long publishCount() {
		return this.bus.publishCount();
	}

	/**
	 * Return how many connections of dead nodes this node has swept since startup.
	 * @return the number of swept connections
	 */
	public long sweptConnectionCount() {
		return this.housekeeping.sweptCount();
	}

	/**
	 * Return how many local connections this node has written to Redis again since
	 * startup, after Redis lost its data or missed changes.
	 * @return the number of re-asserted connections
	 */
	public long reassertedConnectionCount() {
		return this.housekeeping.reassertedCount();
	}

	/**
	 * Return the number of live nodes in the cluster, this one included, as the
	 * housekeeping last counted them (every second at most).
	 * @return the live nodes, or 0 before the first count
	 */
	public int liveNodeCount() {
		return this.housekeeping.liveNodeCount();
	}

	/**
	 * Return the nodes Redis knows, each with its number of connections: one
	 * {@code SMEMBERS} and one {@code SCARD} per node.
	 * @return the connections per node, sorted by node id; empty while Redis is
	 * unreachable
	 */
	public Map<String, Long> nodeConnectionCounts() {
		Map<String, Long> counts = this.redis.run("nodes", (redis) -> {
			Map<String, Long> result = new TreeMap<>();
			Set<byte[]> nodes = redis.setCommands().sMembers(this.keys.nodes());
			for (String node : strings(nodes)) {
				Long count = redis.setCommands().sCard(this.keys.node(node));
				result.put(node, (count != null) ? count : 0L);
			}
			return result;
		});
		return (counts != null) ? counts : Map.of();
	}

	/**
	 * Return when this node last refreshed its liveness in Redis.
	 * @return the time, or {@code null} if it never did
	 */
	public @Nullable Instant lastHeartbeat() {
		long at = this.housekeeping.lastHeartbeat();
		return (at > 0) ? Instant.ofEpochMilli(at) : null;
	}

	/**
	 * Return how many Redis operations have failed since startup.
	 * @return the number of failures
	 */
	public long failureCount() {
		return this.redis.failureCount();
	}

	/**
	 * Whether the last Redis operation failed.
	 * @return {@code true} while Redis is unreachable
	 */
	public boolean isRedisDown() {
		return this.redis.isDown();
	}

	/**
	 * Return how many cluster messages this node has not read since startup, because they
	 * were unreadable, of another cluster, unsigned, forged, too old or replayed.
	 * @return the number of rejected messages
	 */
	public long rejectedMessageCount() {
		return this.bus.rejectedMessageCount();
	}

	/**
	 * Return the rooms whose channel this node is subscribed to.
	 * @return the subscribed rooms
	 */
	Set<String> subscribedRooms() {
		return this.subscriptions.subscribedRooms();
	}

	// Lifecycle

	@Override
	public void start() {
		this.bus.setObservationRegistry(this.observationRegistry.get());
		this.subscriptions.start();
		boolean reachable = this.housekeeping.start();
		if (!reachable && this.settings.failFast()) {
			this.housekeeping.stopHousekeeping();
			this.subscriptions.stop();
			throw new IllegalStateException("Redis is unreachable and ws.registry.redis.fail-fast is true: "
					+ "check spring.data.redis.* (host, port, url)");
		}
		this.running = true;
		logger.info("WebSocket node " + this.nodeId + " joined cluster '" + this.settings.cluster()
				+ "' under key prefix '" + this.keys.prefix() + "', cluster messages "
				+ (this.bus.signs() ? "signed" : "unsigned (set ws.registry.redis.secret to sign them)"));
	}

	@Override
	public void stop() {
		this.running = false;
		this.housekeeping.stopHousekeeping();
		for (String id : this.locals.ids()) {
			unregister(id);
		}
		this.housekeeping.leave();
		this.subscriptions.stop();
		// the swept connections' @OnDisconnect calls already queued run to the end
		this.housekeeping.stopDisconnects();
		logger.info("WebSocket node " + this.nodeId + " left the cluster");
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void setLostConnectionListener(Consumer<LostConnection> listener) {
		this.housekeeping.setLostConnectionListener(listener);
	}

	/**
	 * Set how a message reaches many connections of this node at once; by default
	 * {@link LocalDelivery#serial() one after the other}.
	 * @param delivery the delivery
	 */
	public void setLocalDelivery(LocalDelivery delivery) {
		this.locals.setDelivery(delivery);
	}

	// Connections

	@Override
	public String nextConnectionId() {
		return this.nodeId + "-" + Long.toString(this.sequence.incrementAndGet(), 36);
	}

	private boolean isOwn(String connectionId) {
		return this.nodeId.equals(nodeOf(connectionId));
	}

	@Override
	public void register(RegisteredConnection connection) {
		LocalConnection local = this.locals.add(connection);
		synchronized (local) {
			String user = connection.userKey();
			int limit = this.settings.limits().maxConnectionsPerUser();
			Long registered;
			if (user != null && limit > 0 && this.locals.userCount(user) >= limit) {
				registered = -1L;
			}
			else {
				local.user(user);
				registered = this.redis.attempt("register", () -> this.scripts.register(local, limit));
			}
			if (registered != null && registered == -1) {
				local.close();
				this.locals.remove(connection.id());
				throw new UserLimitExceededException();
			}
			if (user != null) {
				this.locals.addToUser(user, local, 0);
			}
		}
	}

	@Override
	public MembershipLimits limits() {
		return this.settings.limits();
	}

	@Override
	public int userConnectionCount(String user) {
		Long count = this.redis.run("user count", (redis) -> redis.setCommands().sCard(this.keys.user(user)));
		return (count != null) ? count.intValue() : this.locals.userCount(user);
	}

	@Override
	public Set<String> unregister(String connectionId) {
		LocalConnection local = this.locals.remove(connectionId);
		if (local == null) {
			return Set.of();
		}
		synchronized (local) {
			local.changed();
			local.close();
			Set<String> rooms = Set.copyOf(local.rooms());
			for (String room : rooms) {
				this.locals.removeFromRoom(room, connectionId);
			}
			String user = local.user();
			if (user != null) {
				this.locals.removeFromUser(user, connectionId);
			}
			this.redis.attempt("unregister", () -> this.scripts.remove(List.of(connectionId)));
			return rooms;
		}
	}

	@Override
	public boolean setUser(String connectionId, @Nullable String user) {
		LocalConnection local = this.locals.get(connectionId);
		if (local == null) {
			return false;
		}
		synchronized (local) {
			local.changed();
			if (local.isClosed()) {
				return false;
			}
			if (user != null && user.equals(local.user())) {
				return true;
			}
			int limit = this.settings.limits().maxConnectionsPerUser();
			if (user != null && limit > 0 && this.locals.userCount(user) >= limit) {
				throw new UserLimitExceededException();
			}
			Long result = this.redis.attempt("set user", () -> this.scripts.setUser(connectionId, user, limit));
			if (result != null && result == -2) {
				throw new UserLimitExceededException();
			}
			String previous = local.user();
			if (previous != null) {
				this.locals.removeFromUser(previous, connectionId);
			}
			local.user(user);
			if (user != null) {
				this.locals.addToUser(user, local, 0);
			}
			return true;
		}
	}

	@Override
	public boolean join(String connectionId, String room) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		LocalConnection local = this.locals.get(connectionId);
		if (local != null) {
			RoomHistories.Join join;
			synchronized (local) {
				local.changed();
				if (local.isClosed() || local.rooms().contains(room)) {
					return false;
				}
				int maxRooms = this.settings.limits().maxRoomsPerConnection();
				if (maxRooms > 0 && local.rooms().size() >= maxRooms) {
					throw new RoomLimitExceededException(RoomLimitExceededException.Limit.TOO_MANY_ROOMS, room);
				}
				// each room with local members is a subscription of this node
				int maxRoomsPerNode = this.settings.limits().maxRoomsPerNode();
				if (maxRoomsPerNode > 0 && !this.locals.hasRoom(room) && this.locals.roomCount() >= maxRoomsPerNode) {
					throw new RoomLimitExceededException(RoomLimitExceededException.Limit.TOO_MANY_ROOMS_ON_NODE, room);
				}
				RoomHistories histories = this.histories;
				join = (histories != null) ? histories.beforeJoin(local, room) : null;
				Long result;
				try {
					result = runJoin(connectionId, room);
				}
				catch (RuntimeException ex) {
					if (join != null) {
						join.finish(false);
					}
					throw ex;
				}
				if (result != null && result == 0) {
					if (join != null) {
						join.finish(false);
					}
					return false;
				}
				local.rooms().add(room);
				this.locals.addToRoom(room, local, 0, 0);
			}
			if (join != null) {
				join.finish(true);
			}
			return true;
		}
		if (isOwn(connectionId)) {
			return false;
		}
		Long joined = runJoin(connectionId, room);
		if (joined == null || joined != 1) {
			return false;
		}
		this.bus.publishMembership(connectionId, room, true);
		return true;
	}

	/**
	 * Check the limits and join in Redis in one atomic step.
	 * @return the script's answer (1 joined, 0 already a member, -1 unknown to Redis), or
	 * {@code null} while Redis is unreachable, when only the per-connection limit holds
	 * @throws RoomLimitExceededException if a limit was reached
	 */
	private @Nullable Long runJoin(String connectionId, String room) {
		MembershipLimits limits = this.settings.limits();
		Long result = this.redis.attempt("join", () -> this.scripts.join(connectionId, room,
				limits.maxRoomsPerConnection(), limits.maxConnectionsPerRoom()));
		if (result != null && result == -2) {
			throw new RoomLimitExceededException(RoomLimitExceededException.Limit.TOO_MANY_ROOMS, room);
		}
		if (result != null && result == -3) {
			throw new RoomLimitExceededException(RoomLimitExceededException.Limit.ROOM_FULL, room);
		}
		return result;
	}

	@Override
	public void setRoomLimit(String room, int maxConnections) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		Assert.isTrue(maxConnections >= 0, "'maxConnections' must not be negative");
		byte[] key = this.keys.roomLimits();
		if (maxConnections > 0) {
			this.redis.run("room limit",
					(redis) -> redis.hashCommands().hSet(key, bytes(room), bytes(Integer.toString(maxConnections))));
		}
		else {
			this.redis.run("room limit", (redis) -> redis.hashCommands().hDel(key, bytes(room)));
		}
	}

	@Override
	public boolean leave(String connectionId, String room) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		LocalConnection local = this.locals.get(connectionId);
		if (local != null) {
			synchronized (local) {
				local.changed();
				if (!local.rooms().remove(room)) {
					return false;
				}
				this.locals.removeFromRoom(room, connectionId);
				this.redis.attempt("leave", () -> this.scripts.leave(connectionId, room));
				return true;
			}
		}
		if (isOwn(connectionId)) {
			return false;
		}
		Long left = this.redis.attempt("leave", () -> this.scripts.leave(connectionId, room));
		if (left == null || left != 1) {
			return false;
		}
		this.bus.publishMembership(connectionId, room, false);
		return true;
	}

	@Override
	public Set<String> roomsOf(String connectionId) {
		LocalConnection local = this.locals.get(connectionId);
		if (local != null) {
			synchronized (local) {
				return Set.copyOf(local.rooms());
			}
		}
		if (isOwn(connectionId)) {
			return Set.of();
		}
		Set<byte[]> rooms = this.redis.run("rooms of a connection",
				(redis) -> redis.setCommands().sMembers(this.keys.connectionRooms(connectionId)));
		return (rooms != null) ? Set.copyOf(strings(rooms)) : Set.of();
	}

	@Override
	public boolean isConnected(String connectionId) {
		if (this.locals.contains(connectionId)) {
			return true;
		}
		if (isOwn(connectionId)) {
			return false;
		}
		Boolean exists = this.redis.run("connection lookup",
				(redis) -> redis.keyCommands().exists(this.keys.connection(connectionId)));
		return Boolean.TRUE.equals(exists);
	}

	// Delivery: local members first, with no round trip, then one publish for the others

	@Override
	public boolean sendToConnection(String connectionId, OutboundMessage message) {
		LocalConnection local = this.locals.get(connectionId);
		if (local != null) {
			this.locals.deliverTo(local, message);
			return true;
		}
		return !isOwn(connectionId) && this.bus.publishToConnection(connectionId, message);
	}

	@Override
	public void sendToRoom(String room, OutboundMessage message, Collection<String> excludedConnectionIds) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		RoomHistories histories = this.histories;
		RedisHistory store = this.history;
		HistorySettings history = (histories != null) ? histories.settings(room) : null;
		if (history != null && store != null) {
			HistoryFrames.checkBroadcast(room, message);
			if (!this.bus.publishToHistoryRoom(room, excludedConnectionIds, message, history, store)) {
				// Redis is unreachable: the members here get it, without a position
				this.locals.deliverToRoom(room, message, excludedConnectionIds);
			}
			return;
		}
		this.locals.deliverToRoom(room, message, excludedConnectionIds);
		this.bus.publishToRoom(room, excludedConnectionIds, message);
	}

	@Override
	public void setHistory(RoomHistoryPolicy policy, HistoryLimits limits) {
		Assert.notNull(policy, "'policy' must not be null");
		RedisHistory store = new RedisHistory(this.keys, this.redis, this.subscriptions, limits.positionTtl());
		this.history = store;
		this.histories = new RoomHistories(policy, store, limits.maxReplay());
	}

	@Override
	public boolean keepsHistory() {
		return this.histories != null;
	}

	@Override
	public @Nullable RoomHistory history(String room, int limit, @Nullable HistoryPosition since) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		return RoomHistories.history(this.histories, room, limit, since);
	}

	@Override
	public void sendToUser(String user, OutboundMessage message) {
		this.locals.deliverToUser(user, message);
		this.bus.publishToUser(user, message);
	}

	@Override
	public void sendToAll(OutboundMessage message) {
		this.locals.deliverToAll(message);
		this.bus.publishToAll(message);
	}

	@Override
	public boolean close(String connectionId, CloseStatus status) {
		LocalConnection local = this.locals.get(connectionId);
		if (local != null) {
			local.connection().close(status);
			return true;
		}
		return !isOwn(connectionId) && this.bus.publishClose(connectionId, status);
	}

	// Queries: Redis's view of the cluster, or this node's while Redis is unreachable

	@Override
	public List<Member> members(String room) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		Set<byte[]> entries = this.redis.run("members", (redis) -> redis.zSetCommands().zRange(this.keys.room(room), 0, -1));
		if (entries == null) {
			return this.locals.members(room, null, Integer.MAX_VALUE).members();
		}
		List<Member> members = new ArrayList<>(entries.size());
		for (byte[] entry : entries) {
			members.add(member(string(entry)));
		}
		return members;
	}

	@Override
	public MemberPage members(String room, @Nullable String after, int limit) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		MemberPage.checkQuery(after, limit);
		Object result = this.redis.attempt("members", () -> this.scripts.membersPage(room, after, limit));
		if (result == null) {
			return this.locals.members(room, after, limit);
		}
		List<String> entries = strings(result);
		List<Member> page = new ArrayList<>(Math.min(entries.size(), limit));
		for (int i = 0; i < entries.size() && i < limit; i++) {
			page.add(member(entries.get(i)));
		}
		return new MemberPage(page, (entries.size() > limit) ? page.get(page.size() - 1).connectionId() : null);
	}

	/** Read a member from its entry in a room's sorted set: the id, a newline, the user key. */
	private static Member member(String entry) {
		int newline = entry.indexOf('\n');
		if (newline < 0) {
			return new Member(entry, null);
		}
		String user = entry.substring(newline + 1);
		return new Member(entry.substring(0, newline), user.isEmpty() ? null : UserKeys.name(user));
	}

	@Override
	public int count(String room) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		Long count = this.redis.run("count", (redis) -> redis.zSetCommands().zCard(this.keys.room(room)));
		return (count != null) ? count.intValue() : this.locals.roomSize(room);
	}

	@Override
	public Set<String> rooms() {
		Set<byte[]> rooms = this.redis.run("rooms", (redis) -> redis.zSetCommands().zRange(this.keys.rooms(), 0, -1));
		return (rooms != null) ? Set.copyOf(strings(rooms)) : this.locals.roomNames();
	}

	@Override
	public RoomPage rooms(@Nullable String after, int limit) {
		RoomPage.checkQuery(after, limit, limits().maxRoomNameBytes());
		Object result = this.redis.attempt("rooms", () -> this.scripts.roomsPage(after, limit));
		if (result == null) {
			return ConnectionRegistry.super.rooms(after, limit);
		}
		List<String> flat = strings(result);
		List<RoomPage.Room> page = new ArrayList<>();
		for (int i = 0; i + 1 < flat.size() && page.size() < limit; i += 2) {
			page.add(new RoomPage.Room(flat.get(i), Integer.parseInt(flat.get(i + 1))));
		}
		return new RoomPage(page, (flat.size() / 2 > limit) ? page.get(limit - 1).name() : null);
	}

	@Override
	public int connectionCount() {
		return this.locals.size();
	}

	@Override
	public int localRoomCount() {
		return this.locals.roomCount();
	}

	@Override
	public @Nullable RegisteredConnection localConnection(String connectionId) {
		LocalConnection local = this.locals.get(connectionId);
		return (local != null) ? local.connection() : null;
	}

}
