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

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.LocalDelivery;
import dev.wsboot.registry.LostConnection;
import dev.wsboot.registry.Member;
import dev.wsboot.registry.RegisteredConnection;
import dev.wsboot.registry.RoomLimitExceededException;
import dev.wsboot.registry.UserLimitExceededException;
import dev.wsboot.registry.MembershipLimits;
import dev.wsboot.registry.redis.ClusterMessage.Kind;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

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
 *
 * @author wsboot
 * @since 0.1.0
 */
public class RedisConnectionRegistry implements ConnectionRegistry, SmartLifecycle, MessageListener {

	/**
	 * Phase of this registry: it stops after the endpoints have closed their connections
	 * and before the Redis connection factory stops.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 768;

	private static final Log logger = LogFactory.getLog(RedisConnectionRegistry.class);

	private static final String NODE_LOST = "node lost";

	private final RedisConnectionFactory connectionFactory;

	private final RedisMessageListenerContainer container;

	private final RedisRegistrySettings settings;

	private final String prefix;

	private final byte[] prefixBytes;

	private final String nodeId;

	private final AtomicLong sequence = new AtomicLong();

	private final Map<String, Local> locals = new ConcurrentHashMap<>();

	private volatile LocalDelivery delivery = LocalDelivery.serial();

	private final Map<String, Map<String, Local>> localRooms = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Local>> localUsers = new ConcurrentHashMap<>();

	private final Set<String> subscribedRooms = new HashSet<>();

	private boolean nodeChannelsSubscribed;

	private final AtomicBoolean redisDown = new AtomicBoolean();

	private final AtomicLong failures = new AtomicLong();

	private volatile Consumer<LostConnection> lostConnectionListener = (lost) -> {
	};

	private volatile @Nullable ExecutorService subscriptions;

	private volatile @Nullable ScheduledExecutorService heartbeat;

	private volatile boolean running;

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
		this.connectionFactory = connectionFactory;
		this.container = container;
		this.settings = settings;
		this.prefix = settings.keyPrefix();
		this.prefixBytes = bytes(this.prefix);
		String incarnation = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
		this.nodeId = (settings.nodeName() != null) ? settings.nodeName() + "." + incarnation : incarnation;
	}

	/**
	 * Return the id of this node, the prefix of its connection ids.
	 * @return the node id
	 */
	public String nodeId() {
		return this.nodeId;
	}

	/**
	 * Return how many Redis operations have failed since startup.
	 * @return the number of failures
	 */
	public long failureCount() {
		return this.failures.get();
	}

	/**
	 * Whether the last Redis operation failed.
	 * @return {@code true} while Redis is unreachable
	 */
	public boolean isRedisDown() {
		return this.redisDown.get();
	}

	// Lifecycle

	@Override
	public void start() {
		ExecutorService subscriptionExecutor = Executors.newSingleThreadExecutor(daemon("ws-redis-subscriptions"));
		ScheduledExecutorService heartbeatExecutor = Executors
			.newSingleThreadScheduledExecutor(daemon("ws-redis-heartbeat"));
		this.subscriptions = subscriptionExecutor;
		this.heartbeat = heartbeatExecutor;
		subscriptionExecutor.execute(this::subscribeNodeChannels);
		boolean reachable = beat();
		if (!reachable && this.settings.failFast()) {
			throw new IllegalStateException("Redis is unreachable and ws.registry.redis.fail-fast is true: "
					+ "check spring.data.redis.* (host, port, url)");
		}
		long interval = this.settings.heartbeatInterval().toMillis();
		heartbeatExecutor.scheduleWithFixedDelay(this::beat, interval, interval, TimeUnit.MILLISECONDS);
		this.running = true;
		logger.info("WebSocket node " + this.nodeId + " joined the cluster under key prefix '" + this.prefix + "'");
	}

	@Override
	public void stop() {
		this.running = false;
		ScheduledExecutorService heartbeatExecutor = this.heartbeat;
		if (heartbeatExecutor != null) {
			heartbeatExecutor.shutdownNow();
		}
		for (String id : List.copyOf(this.locals.keySet())) {
			unregister(id);
		}
		redis("node shutdown", (connection) -> {
			connection.keyCommands().del(bytes(this.prefix + "alive:" + this.nodeId));
			connection.setCommands().sRem(bytes(this.prefix + "nodes"), bytes(this.nodeId));
			return null;
		});
		this.container.removeMessageListener(this);
		ExecutorService subscriptionExecutor = this.subscriptions;
		if (subscriptionExecutor != null) {
			subscriptionExecutor.shutdownNow();
		}
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

	private static CustomizableThreadFactory daemon(String name) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(name + "-");
		threads.setDaemon(true);
		return threads;
	}

	private void subscribeNodeChannels() {
		if (this.nodeChannelsSubscribed) {
			return;
		}
		try {
			this.container.addMessageListener(this, List.of(new ChannelTopic(nodeChannel(this.nodeId)),
					new ChannelTopic(this.prefix + "ch:all")));
			this.nodeChannelsSubscribed = true;
		}
		catch (RuntimeException ex) {
			down("subscription to the node's channels", ex);
		}
	}

	/**
	 * Bring the subscriptions in line with the local rooms, for those a failed Redis
	 * left behind. Runs on the subscription thread at every heartbeat.
	 */
	private void reconcileAll() {
		subscribeNodeChannels();
		Set<String> rooms = new HashSet<>(this.localRooms.keySet());
		rooms.addAll(this.subscribedRooms);
		for (String room : rooms) {
			reconcile(room);
		}
	}

	// Heartbeat, re-assertion and sweeping

	/**
	 * Refresh this node's liveness key, write the local state again if Redis lost it,
	 * and sweep dead nodes.
	 * @return whether Redis answered
	 */
	boolean beat() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Object previous = Scripts.HEARTBEAT.run(connection, this.prefixBytes, bytes(this.nodeId),
					bytes(Long.toString(this.settings.nodeTtl().toMillis())));
			if (previous == null || this.reassertNeeded) {
				this.reassertNeeded = false;
				reassert(connection);
			}
			sweep(connection);
			up();
			ExecutorService executor = this.subscriptions;
			if (executor != null && !executor.isShutdown()) {
				executor.execute(this::reconcileAll);
			}
			return true;
		}
		catch (RuntimeException ex) {
			down("heartbeat", ex);
			return false;
		}
	}

	/**
	 * Make Redis match this node's local truth again, after Redis lost its data or
	 * missed changes while it was unreachable: remove what this node no longer holds and
	 * write every local connection with its current rooms and user.
	 */
	private void reassert(RedisConnection connection) {
		Set<byte[]> recorded = connection.setCommands().sMembers(bytes(this.prefix + "node:" + this.nodeId));
		if (recorded != null) {
			for (String id : strings(recorded)) {
				if (!this.locals.containsKey(id)) {
					Scripts.REMOVE.run(connection, this.prefixBytes, bytes(id));
				}
			}
		}
		int count = 0;
		for (Local local : this.locals.values()) {
			synchronized (local) {
				if (!local.closed) {
					Scripts.REMOVE.run(connection, this.prefixBytes, bytes(local.connection.id()));
					Scripts.REGISTER.run(connection, registerArguments(local, 0));
					count++;
				}
			}
		}
		if (count > 0) {
			logger.info("Wrote the state of " + count + " local connections to Redis again");
		}
	}

	private byte[][] registerArguments(Local local, int userLimit) {
		List<byte[]> args = new ArrayList<>();
		RegisteredConnection connection = local.connection;
		args.add(this.prefixBytes);
		args.add(bytes(connection.id()));
		args.add(bytes(this.nodeId));
		args.add(bytes((local.user != null) ? local.user : ""));
		args.add(bytes(connection.endpoint()));
		args.add(bytes(encodeVariables(connection.pathVariables())));
		args.add(bytes(encodeQuery(connection.queryParameters())));
		args.add(bytes(Integer.toString(userLimit)));
		for (String room : local.rooms) {
			args.add(bytes(room));
		}
		return args.toArray(byte[][]::new);
	}

	private void sweep(RedisConnection connection) {
		Object dead = Scripts.DEAD_NODES.run(connection, this.prefixBytes, bytes(this.nodeId));
		for (String node : strings(dead)) {
			Boolean claimed = connection.stringCommands()
				.set(bytes(this.prefix + "sweep:" + node), bytes(this.nodeId),
						Expiration.from(this.settings.nodeTtl()), SetOption.SET_IF_ABSENT);
			if (!Boolean.TRUE.equals(claimed)) {
				continue;
			}
			Set<byte[]> ids = connection.setCommands().sMembers(bytes(this.prefix + "node:" + node));
			int swept = 0;
			if (ids != null) {
				for (byte[] id : ids) {
					Object removed = Scripts.REMOVE.run(connection, this.prefixBytes, id);
					if (removed != null) {
						swept++;
						reportLost(string(id), strings(removed));
					}
				}
			}
			Scripts.FORGET_NODE.run(connection, this.prefixBytes, bytes(node));
			logger.info("Swept " + swept + " connections of lost node " + node);
		}
	}

	private void reportLost(String id, List<String> record) {
		if (record.size() < 5) {
			return;
		}
		String user = record.get(1).isEmpty() ? null : record.get(1);
		LostConnection lost = new LostConnection(id, record.get(2), decodeVariables(record.get(3)),
				decodeQuery(record.get(4)), user, Set.copyOf(record.subList(5, record.size())), NODE_LOST);
		try {
			this.lostConnectionListener.accept(lost);
		}
		catch (RuntimeException ex) {
			logger.error("Lost-connection listener failed for " + id, ex);
		}
	}

	@Override
	public void setLostConnectionListener(Consumer<LostConnection> listener) {
		this.lostConnectionListener = listener;
	}

	// Connections

	@Override
	public String nextConnectionId() {
		return this.nodeId + "-" + Long.toString(this.sequence.incrementAndGet(), 36);
	}

	private static String nodeOf(String connectionId) {
		int dash = connectionId.lastIndexOf('-');
		return (dash > 0) ? connectionId.substring(0, dash) : "";
	}

	private boolean isOwn(String connectionId) {
		return this.nodeId.equals(nodeOf(connectionId));
	}

	@Override
	public void register(RegisteredConnection connection) {
		Local local = new Local(connection);
		Local previous = this.locals.putIfAbsent(connection.id(), local);
		Assert.state(previous == null, () -> "Connection " + connection.id() + " is already registered");
		synchronized (local) {
			String user = connection.user();
			int limit = this.settings.limits().maxConnectionsPerUser();
			Long registered;
			if (user != null && limit > 0 && localUserCount(user) >= limit) {
				registered = -1L;
			}
			else {
				local.user = user;
				registered = redis("register", (redis) -> (Long) Scripts.REGISTER.run(redis, registerArguments(local, limit)));
			}
			if (registered != null && registered == -1) {
				local.closed = true;
				this.locals.remove(connection.id());
				throw new UserLimitExceededException();
			}
			if (user != null) {
				addLocal(this.localUsers, user, local);
			}
		}
	}

	private int localUserCount(String user) {
		Map<String, Local> connections = this.localUsers.get(user);
		return (connections != null) ? connections.size() : 0;
	}

	@Override
	public MembershipLimits limits() {
		return this.settings.limits();
	}

	@Override
	public int userConnectionCount(String user) {
		Long count = redis("user count", (redis) -> redis.setCommands().sCard(bytes(this.prefix + "user:" + user)));
		return (count != null) ? count.intValue() : localUserCount(user);
	}

	@Override
	public Set<String> unregister(String connectionId) {
		Local local = this.locals.remove(connectionId);
		if (local == null) {
			return Set.of();
		}
		synchronized (local) {
			local.closed = true;
			Set<String> rooms = Set.copyOf(local.rooms);
			for (String room : rooms) {
				removeLocalMember(room, connectionId);
			}
			if (local.user != null) {
				removeLocal(this.localUsers, local.user, connectionId);
			}
			redis("unregister", (redis) -> Scripts.REMOVE.run(redis, this.prefixBytes, bytes(connectionId)));
			return rooms;
		}
	}

	@Override
	public boolean setUser(String connectionId, @Nullable String user) {
		Local local = this.locals.get(connectionId);
		if (local == null) {
			return false;
		}
		synchronized (local) {
			if (local.closed) {
				return false;
			}
			if (user != null && user.equals(local.user)) {
				return true;
			}
			int limit = this.settings.limits().maxConnectionsPerUser();
			if (user != null && limit > 0 && localUserCount(user) >= limit) {
				throw new UserLimitExceededException();
			}
			Long result = redis("set user", (redis) -> (Long) Scripts.SET_USER.run(redis, this.prefixBytes,
					bytes(connectionId), bytes((user != null) ? user : ""), bytes(Integer.toString(limit))));
			if (result != null && result == -2) {
				throw new UserLimitExceededException();
			}
			if (local.user != null) {
				removeLocal(this.localUsers, local.user, connectionId);
			}
			local.user = user;
			if (user != null) {
				addLocal(this.localUsers, user, local);
			}
			return true;
		}
	}

	@Override
	public boolean join(String connectionId, String room) {
		Assert.hasText(room, "'room' must not be empty");
		Local local = this.locals.get(connectionId);
		if (local != null) {
			synchronized (local) {
				if (local.closed || local.rooms.contains(room)) {
					return false;
				}
				int maxRooms = this.settings.limits().maxRoomsPerConnection();
				if (maxRooms > 0 && local.rooms.size() >= maxRooms) {
					throw new RoomLimitExceededException(RoomLimitExceededException.Limit.TOO_MANY_ROOMS, room);
				}
				Long result = runJoin(connectionId, room);
				if (result != null && result == 0) {
					return false;
				}
				local.rooms.add(room);
				addLocalMember(room, local);
				return true;
			}
		}
		if (isOwn(connectionId)) {
			return false;
		}
		Long joined = runJoin(connectionId, room);
		if (joined == null || joined != 1) {
			return false;
		}
		publish(nodeChannel(nodeOf(connectionId)), ClusterMessage.control(Kind.JOINED, this.nodeId, connectionId, room));
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
		Long result = redis("join", (redis) -> (Long) Scripts.JOIN.run(redis, this.prefixBytes, bytes(connectionId),
				bytes(room), bytes(Integer.toString(limits.maxRoomsPerConnection())),
				bytes(Integer.toString(limits.maxConnectionsPerRoom()))));
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
		Assert.isTrue(maxConnections >= 0, "'maxConnections' must not be negative");
		redis("room limit", (redis) -> (maxConnections > 0)
				? redis.hashCommands().hSet(bytes(this.prefix + "roomlimits"), bytes(room), bytes(Integer.toString(maxConnections)))
				: redis.hashCommands().hDel(bytes(this.prefix + "roomlimits"), bytes(room)));
	}

	@Override
	public boolean leave(String connectionId, String room) {
		Local local = this.locals.get(connectionId);
		if (local != null) {
			synchronized (local) {
				if (!local.rooms.remove(room)) {
					return false;
				}
				removeLocalMember(room, connectionId);
				redis("leave", (redis) -> Scripts.LEAVE.run(redis, this.prefixBytes, bytes(connectionId), bytes(room)));
				return true;
			}
		}
		if (isOwn(connectionId)) {
			return false;
		}
		Long left = redis("leave", (redis) -> (Long) Scripts.LEAVE.run(redis, this.prefixBytes, bytes(connectionId),
				bytes(room)));
		if (left == null || left != 1) {
			return false;
		}
		publish(nodeChannel(nodeOf(connectionId)), ClusterMessage.control(Kind.LEFT, this.nodeId, connectionId, room));
		return true;
	}

	private void addLocalMember(String room, Local local) {
		boolean[] created = new boolean[1];
		this.localRooms.compute(room, (name, members) -> {
			Map<String, Local> result = members;
			if (result == null) {
				result = new ConcurrentHashMap<>();
				created[0] = true;
			}
			result.put(local.connection.id(), local);
			return result;
		});
		if (created[0]) {
			reconcileSubscription(room);
		}
	}

	private void removeLocalMember(String room, String connectionId) {
		boolean[] emptied = new boolean[1];
		this.localRooms.computeIfPresent(room, (name, members) -> {
			members.remove(connectionId);
			emptied[0] = members.isEmpty();
			return emptied[0] ? null : members;
		});
		if (emptied[0]) {
			reconcileSubscription(room);
		}
	}

	private static void addLocal(Map<String, Map<String, Local>> index, String key, Local local) {
		index.computeIfAbsent(key, (name) -> new ConcurrentHashMap<>()).put(local.connection.id(), local);
	}

	private static void removeLocal(Map<String, Map<String, Local>> index, String key, String connectionId) {
		index.computeIfPresent(key, (name, members) -> {
			members.remove(connectionId);
			return members.isEmpty() ? null : members;
		});
	}

	/**
	 * Subscribe to a room's channel if the room has local members, unsubscribe if not.
	 * Runs on one thread, in order, so that the outcome follows the latest state.
	 */
	private void reconcileSubscription(String room) {
		ExecutorService executor = this.subscriptions;
		if (executor != null && !executor.isShutdown()) {
			executor.execute(() -> reconcile(room));
		}
	}

	private void reconcile(String room) {
		boolean wanted = this.localRooms.containsKey(room);
		boolean subscribed = this.subscribedRooms.contains(room);
		try {
			if (wanted && !subscribed) {
				this.container.addMessageListener(this, new ChannelTopic(roomChannel(room)));
				this.subscribedRooms.add(room);
			}
			else if (!wanted && subscribed) {
				this.subscribedRooms.remove(room);
				this.container.removeMessageListener(this, new ChannelTopic(roomChannel(room)));
			}
		}
		catch (RuntimeException ex) {
			down("subscription to room '" + room + "'", ex);
		}
	}

	@Override
	public Set<String> roomsOf(String connectionId) {
		Local local = this.locals.get(connectionId);
		if (local != null) {
			synchronized (local) {
				return Set.copyOf(local.rooms);
			}
		}
		if (isOwn(connectionId)) {
			return Set.of();
		}
		Set<byte[]> rooms = redis("rooms of a connection",
				(redis) -> redis.setCommands().sMembers(bytes(this.prefix + "conn:" + connectionId + ":rooms")));
		return (rooms != null) ? Set.copyOf(strings(rooms)) : Set.of();
	}

	@Override
	public boolean isConnected(String connectionId) {
		if (this.locals.containsKey(connectionId)) {
			return true;
		}
		if (isOwn(connectionId)) {
			return false;
		}
		Boolean exists = redis("connection lookup",
				(redis) -> redis.keyCommands().exists(bytes(this.prefix + "conn:" + connectionId)));
		return Boolean.TRUE.equals(exists);
	}

	// Delivery

	@Override
	public boolean sendToConnection(String connectionId, OutboundMessage message) {
		Local local = this.locals.get(connectionId);
		if (local != null) {
			deliver(local, message);
			return true;
		}
		if (isOwn(connectionId)) {
			return false;
		}
		ClusterMessage published = ClusterMessage.delivery(Kind.CONNECTION, this.nodeId, connectionId, List.of(),
				message);
		return publishIfConnected(connectionId, published);
	}

	private boolean publishIfConnected(String connectionId, ClusterMessage message) {
		byte[] published = message.toBytes();
		Long result = redis("send to a connection", (redis) -> (Long) Scripts.PUBLISH_IF_CONNECTED.run(redis,
				this.prefixBytes, bytes(connectionId), bytes(nodeChannel(nodeOf(connectionId))), published));
		return result != null && result >= 0;
	}

	@Override
	public void sendToRoom(String room, OutboundMessage message, Collection<String> excludedConnectionIds) {
		deliverToLocalRoom(room, message, excludedConnectionIds);
		publish(roomChannel(room), ClusterMessage.delivery(Kind.ROOM, this.nodeId, room, excludedConnectionIds, message));
	}

	@Override
	public void sendToUser(String user, OutboundMessage message) {
		deliverToLocalUser(user, message);
		byte[] published = ClusterMessage.delivery(Kind.USER, this.nodeId, user, List.of(), message).toBytes();
		redis("send to a user", (redis) -> Scripts.PUBLISH_TO_USER_NODES.run(redis, this.prefixBytes, bytes(user),
				bytes(this.nodeId), published));
	}

	private void deliverToLocalUser(String user, OutboundMessage message) {
		Map<String, Local> connections = this.localUsers.get(user);
		if (connections != null) {
			this.delivery.deliver(connectionsOf(connections.values()), message);
		}
	}

	private void deliverToLocalRoom(String room, OutboundMessage message, Collection<String> excluded) {
		Map<String, Local> members = this.localRooms.get(room);
		if (members != null) {
			List<RegisteredConnection> targets = new ArrayList<>(members.size());
			for (Local local : members.values()) {
				if (excluded.isEmpty() || !excluded.contains(local.connection.id())) {
					targets.add(local.connection);
				}
			}
			this.delivery.deliver(targets, message);
		}
	}

	private static List<RegisteredConnection> connectionsOf(Collection<Local> locals) {
		List<RegisteredConnection> connections = new ArrayList<>(locals.size());
		for (Local local : locals) {
			connections.add(local.connection);
		}
		return connections;
	}

	/**
	 * Set how a message reaches many connections of this node at once; by default
	 * {@link LocalDelivery#serial() one after the other}.
	 * @param delivery the delivery
	 */
	public void setLocalDelivery(LocalDelivery delivery) {
		Assert.notNull(delivery, "'delivery' must not be null");
		this.delivery = delivery;
	}

	@Override
	public void sendToAll(OutboundMessage message) {
		this.delivery.deliver(connectionsOf(this.locals.values()), message);
		publish(this.prefix + "ch:all", ClusterMessage.delivery(Kind.ALL, this.nodeId, "", List.of(), message));
	}

	@Override
	public boolean close(String connectionId, CloseStatus status) {
		Local local = this.locals.get(connectionId);
		if (local != null) {
			local.connection.close(status);
			return true;
		}
		if (isOwn(connectionId)) {
			return false;
		}
		return publishIfConnected(connectionId,
				ClusterMessage.control(Kind.CLOSE, this.nodeId, connectionId, Integer.toString(status.getCode())));
	}

	private static void deliver(Local local, OutboundMessage message) {
		try {
			local.connection.deliver(message);
		}
		catch (RuntimeException ex) {
			logger.warn("Delivery to connection " + local.connection.id() + " failed", ex);
		}
	}

	private void publish(String channel, ClusterMessage message) {
		byte[] published = message.toBytes();
		redis("publish", (redis) -> redis.publish(bytes(channel), published));
	}

	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		ClusterMessage received;
		try {
			received = ClusterMessage.fromBytes(message.getBody());
		}
		catch (IllegalArgumentException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Ignoring an unreadable message on channel " + string(message.getChannel()) + ": " + ex);
			}
			return;
		}
		if (received.origin().equals(this.nodeId)
				&& (received.kind() == Kind.ROOM || received.kind() == Kind.ALL)) {
			return;
		}
		OutboundMessage payload = received.message();
		switch (received.kind()) {
			case ROOM -> {
				if (payload != null) {
					Set<String> excluded = received.excluded().isEmpty() ? Set.of() : Set.copyOf(received.excluded());
					deliverToLocalRoom(received.target(), payload, excluded);
				}
			}
			case CONNECTION -> {
				Local local = this.locals.get(received.target());
				if (local != null && payload != null) {
					deliver(local, payload);
				}
			}
			case USER -> {
				if (payload != null) {
					deliverToLocalUser(received.target(), payload);
				}
			}
			case ALL -> {
				if (payload != null) {
					this.delivery.deliver(connectionsOf(this.locals.values()), payload);
				}
			}
			case JOINED -> remoteMembershipChanged(received.target(), received.argument(), true);
			case LEFT -> remoteMembershipChanged(received.target(), received.argument(), false);
			case CLOSE -> {
				Local local = this.locals.get(received.target());
				if (local != null) {
					local.connection.close(closeStatus(received.argument()));
				}
			}
		}
	}

	private void remoteMembershipChanged(String connectionId, @Nullable String room, boolean joined) {
		Local local = this.locals.get(connectionId);
		if (local == null || room == null) {
			return;
		}
		synchronized (local) {
			if (local.closed) {
				return;
			}
			if (joined && local.rooms.add(room)) {
				addLocalMember(room, local);
			}
			else if (!joined && local.rooms.remove(room)) {
				removeLocalMember(room, connectionId);
			}
		}
	}

	private static CloseStatus closeStatus(@Nullable String code) {
		try {
			return (code != null) ? new CloseStatus(Integer.parseInt(code)) : CloseStatus.NORMAL;
		}
		catch (IllegalArgumentException ex) {
			return CloseStatus.NORMAL;
		}
	}

	// Queries

	@Override
	public List<Member> members(String room) {
		Object result = redis("members", (redis) -> Scripts.MEMBERS.run(redis, this.prefixBytes, bytes(room)));
		if (result == null) {
			Map<String, Local> members = this.localRooms.get(room);
			return (members != null) ? members.values()
				.stream()
				.map((local) -> new Member(local.connection.id(), local.user))
				.toList() : List.of();
		}
		List<String> flat = strings(result);
		List<Member> members = new ArrayList<>(flat.size() / 2);
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			members.add(new Member(flat.get(i), flat.get(i + 1).isEmpty() ? null : flat.get(i + 1)));
		}
		return members;
	}

	@Override
	public int count(String room) {
		Long count = redis("count", (redis) -> redis.setCommands().sCard(bytes(this.prefix + "room:" + room)));
		if (count == null) {
			Map<String, Local> members = this.localRooms.get(room);
			return (members != null) ? members.size() : 0;
		}
		return count.intValue();
	}

	@Override
	public Set<String> rooms() {
		Set<byte[]> rooms = redis("rooms", (redis) -> redis.setCommands().sMembers(bytes(this.prefix + "rooms")));
		return (rooms != null) ? Set.copyOf(strings(rooms)) : Set.copyOf(this.localRooms.keySet());
	}

	@Override
	public int connectionCount() {
		return this.locals.size();
	}

	/**
	 * Return the rooms whose channel this node is subscribed to.
	 * @return the subscribed rooms
	 */
	Set<String> subscribedRooms() {
		ExecutorService executor = this.subscriptions;
		if (executor == null) {
			return Set.of();
		}
		try {
			return executor.submit(() -> Set.copyOf(this.subscribedRooms)).get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	// Redis access

	/**
	 * Run a Redis operation. While Redis is known to be unreachable, fail at once instead
	 * of blocking the caller for the command timeout: only the heartbeat probes Redis,
	 * and the local state is written again once it answers.
	 */
	private <T> @Nullable T redis(String operation, RedisAction<T> action) {
		if (this.redisDown.get()) {
			this.failures.incrementAndGet();
			return null;
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			T result = action.run(connection);
			up();
			return result;
		}
		catch (DataAccessException ex) {
			down(operation, ex);
			return null;
		}
	}

	private void up() {
		if (this.redisDown.compareAndSet(true, false)) {
			logger.info("Redis is reachable again; cross-node delivery resumes");
		}
	}

	private volatile boolean reassertNeeded;

	private void down(String operation, RuntimeException ex) {
		this.failures.incrementAndGet();
		this.reassertNeeded = true;
		if (this.redisDown.compareAndSet(false, true)) {
			logger.warn("Redis is unreachable (" + operation + " failed: " + ex.getMessage()
					+ "); local delivery goes on, cross-node delivery and membership are paused. "
					+ "Further failures are not logged until Redis answers again.");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Redis " + operation + " failed: " + ex);
		}
	}

	private String nodeChannel(String node) {
		return this.prefix + "ch:node:" + node;
	}

	private String roomChannel(String room) {
		return this.prefix + "ch:room:" + room;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static String string(byte[] value) {
		return new String(value, StandardCharsets.UTF_8);
	}

	private static List<String> strings(@Nullable Object value) {
		List<String> result = new ArrayList<>();
		if (value instanceof Collection<?> items) {
			for (Object item : items) {
				if (item instanceof byte[] bytes) {
					result.add(string(bytes));
				}
				else if (item != null) {
					result.add(item.toString());
				}
			}
		}
		return result;
	}

	static String encodeVariables(Map<String, String> variables) {
		StringBuilder result = new StringBuilder();
		variables.forEach((name, value) -> append(result, name, value));
		return result.toString();
	}

	static String encodeQuery(Map<String, List<String>> query) {
		StringBuilder result = new StringBuilder();
		query.forEach((name, values) -> values.forEach((value) -> append(result, name, value)));
		return result.toString();
	}

	private static void append(StringBuilder result, String name, String value) {
		if (!result.isEmpty()) {
			result.append('&');
		}
		result.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
	}

	static Map<String, String> decodeVariables(String encoded) {
		Map<String, String> result = new LinkedHashMap<>();
		decodeQuery(encoded).forEach((name, values) -> result.put(name, values.get(0)));
		return Map.copyOf(result);
	}

	static Map<String, List<String>> decodeQuery(String encoded) {
		Map<String, List<String>> result = new LinkedHashMap<>();
		if (encoded.isEmpty()) {
			return result;
		}
		for (String pair : encoded.split("&")) {
			int equals = pair.indexOf('=');
			if (equals < 0) {
				continue;
			}
			String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
			String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			result.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		result.replaceAll((name, values) -> List.copyOf(values));
		return result;
	}

	@FunctionalInterface
	private interface RedisAction<T> {

		@Nullable T run(RedisConnection connection);

	}

	/**
	 * A connection of this node; its rooms and user are guarded by the entry itself.
	 */
	private static final class Local {

		private final RegisteredConnection connection;

		private final Set<String> rooms = new LinkedHashSet<>(4);

		private volatile @Nullable String user;

		private boolean closed;

		Local(RegisteredConnection connection) {
			this.connection = connection;
		}

	}

}
