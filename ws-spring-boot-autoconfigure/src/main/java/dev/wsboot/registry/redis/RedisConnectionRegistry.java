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

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.LocalDelivery;
import dev.wsboot.registry.LostConnection;
import dev.wsboot.registry.Member;
import dev.wsboot.registry.MemberPage;
import dev.wsboot.registry.QueryStrings;
import dev.wsboot.registry.RegisteredConnection;
import dev.wsboot.registry.UserKeys;
import dev.wsboot.registry.RoomLimitExceededException;
import dev.wsboot.registry.RoomNames;
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

	/** How often, at most, the housekeeping looks for dead nodes. */
	private static final long HOUSEKEEPING_TICK_MILLIS = 1000;

	/** Connections per script or pipeline of a sweep or a re-assertion. */
	private static final int BATCH_SIZE = 500;

	/** Swept connections' {@code @OnDisconnect} calls that may wait for a thread. */
	private static final int DISCONNECT_QUEUE_CAPACITY = 10_000;

	private final RedisConnectionFactory connectionFactory;

	private final RedisMessageListenerContainer container;

	private final RedisRegistrySettings settings;

	private final String prefix;

	private final byte[] prefixBytes;

	private final String nodeId;

	private final ClusterCodec codec;

	private final Map<ClusterCodec.Rejection, AtomicLong> rejected = new EnumMap<>(ClusterCodec.Rejection.class);

	/** When a rejected message was last logged, in nanoseconds. */
	private final AtomicLong rejectionLoggedAt = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

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

	private volatile @Nullable ScheduledExecutorService liveness;

	private volatile @Nullable ScheduledExecutorService housekeeping;

	private volatile @Nullable ThreadPoolExecutor disconnects;

	/** When the housekeeping last had the subscriptions reconciled, in nanoseconds. */
	private long reconciledAt = System.nanoTime() - Long.MAX_VALUE / 2;

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
		RedisRegistrySettings.Signing signing = settings.signing();
		this.codec = (signing != null)
				? new ClusterCodec(settings.cluster(), signing.secret(), signing.previousSecret(), signing.maxAge(),
						System::currentTimeMillis)
				: new ClusterCodec(settings.cluster(), null, null, Duration.ofMinutes(1), System::currentTimeMillis);
		for (ClusterCodec.Rejection rejection : ClusterCodec.Rejection.values()) {
			this.rejected.put(rejection, new AtomicLong());
		}
	}

	/**
	 * Return how many cluster messages this node has not read since startup, because they
	 * were unreadable, of another cluster, unsigned, forged, too old or replayed.
	 * @return the number of rejected messages
	 */
	public long rejectedMessageCount() {
		return this.rejected.values().stream().mapToLong(AtomicLong::get).sum();
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
		ScheduledExecutorService livenessExecutor = Executors.newSingleThreadScheduledExecutor(daemon("ws-redis-liveness"));
		ScheduledExecutorService housekeepingExecutor = Executors
			.newSingleThreadScheduledExecutor(daemon("ws-redis-housekeeping"));
		int threads = this.settings.disconnectThreads();
		ThreadPoolExecutor disconnectExecutor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(DISCONNECT_QUEUE_CAPACITY), daemon("ws-redis-disconnect"),
				RedisConnectionRegistry::waitForRoom);
		disconnectExecutor.allowCoreThreadTimeOut(true);
		this.subscriptions = subscriptionExecutor;
		this.liveness = livenessExecutor;
		this.housekeeping = housekeepingExecutor;
		this.disconnects = disconnectExecutor;
		subscriptionExecutor.execute(this::subscribeNodeChannels);
		boolean reachable = refreshLiveness();
		if (!reachable && this.settings.failFast()) {
			throw new IllegalStateException("Redis is unreachable and ws.registry.redis.fail-fast is true: "
					+ "check spring.data.redis.* (host, port, url)");
		}
		long interval = this.settings.heartbeatInterval().toMillis();
		livenessExecutor.scheduleAtFixedRate(this::refreshLiveness, interval, interval, TimeUnit.MILLISECONDS);
		// dead nodes are looked for every second at least, so that a node is swept soon
		// after its key expires; while Redis is unreachable, only the liveness refresh
		// probes it, and calls the housekeeping in once Redis answers
		long tick = Math.min(interval, HOUSEKEEPING_TICK_MILLIS);
		housekeepingExecutor.scheduleWithFixedDelay(() -> {
			if (!this.redisDown.get()) {
				housekeep();
			}
		}, 0, tick, TimeUnit.MILLISECONDS);
		this.running = true;
		logger.info("WebSocket node " + this.nodeId + " joined cluster '" + this.settings.cluster()
				+ "' under key prefix '" + this.prefix + "', cluster messages "
				+ (this.codec.signs() ? "signed" : "unsigned (set ws.registry.redis.secret to sign them)"));
	}

	/**
	 * A sweep that finds every thread running {@code @OnDisconnect} busy and its queue
	 * full waits for room: the sweep runs apart from the liveness refresh, so its wait
	 * delays nothing else.
	 */
	private static void waitForRoom(Runnable task, ThreadPoolExecutor executor) {
		if (executor.isShutdown()) {
			logger.warn("The @OnDisconnect of a swept connection was left undone: the node is shutting down");
			return;
		}
		try {
			executor.getQueue().put(task);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		shutdownNow(this.housekeeping);
		shutdownNow(this.liveness);
		for (String id : List.copyOf(this.locals.keySet())) {
			unregister(id);
		}
		redis("node shutdown", (connection) -> {
			connection.keyCommands().del(bytes(this.prefix + "alive:" + this.nodeId));
			connection.setCommands().sRem(bytes(this.prefix + "nodes"), bytes(this.nodeId));
			return null;
		});
		this.container.removeMessageListener(this);
		shutdownNow(this.subscriptions);
		ThreadPoolExecutor disconnectExecutor = this.disconnects;
		if (disconnectExecutor != null) {
			// the swept connections' @OnDisconnect calls already queued run to the end
			disconnectExecutor.shutdown();
			try {
				if (!disconnectExecutor.awaitTermination(this.settings.nodeTtl().toMillis(), TimeUnit.MILLISECONDS)) {
					logger.warn(disconnectExecutor.getQueue().size()
							+ " @OnDisconnect calls of swept connections were left undone at shutdown");
					disconnectExecutor.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				disconnectExecutor.shutdownNow();
			}
		}
		logger.info("WebSocket node " + this.nodeId + " left the cluster");
	}

	private static void shutdownNow(@Nullable ExecutorService executor) {
		if (executor != null) {
			executor.shutdownNow();
		}
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
	 * left behind. Runs on the subscription thread after every housekeeping round.
	 */
	private void reconcileAll() {
		subscribeNodeChannels();
		Set<String> rooms = new HashSet<>(this.localRooms.keySet());
		rooms.addAll(this.subscribedRooms);
		for (String room : rooms) {
			reconcile(room);
		}
	}

	// Liveness, re-assertion and sweeping

	/**
	 * Refresh this node's liveness key: one short script, on a thread of its own, so that
	 * no sweep, re-assertion or user code ever delays it. A key found gone (Redis lost its
	 * data, or the node was silent past its TTL), or Redis answering again after an
	 * outage, has the housekeeping write the local state again at once; the node counts
	 * as connected again once that is done.
	 * @return whether Redis answered
	 */
	boolean refreshLiveness() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Object previous = Scripts.HEARTBEAT.run(connection, this.prefixBytes, bytes(this.nodeId),
					bytes(Long.toString(this.settings.nodeTtl().toMillis())));
			if (previous == null) {
				this.reassertNeeded = true;
			}
			if (previous == null || this.redisDown.get()) {
				ScheduledExecutorService executor = this.housekeeping;
				if (executor != null && !executor.isShutdown()) {
					executor.execute(this::housekeep);
				}
			}
			return true;
		}
		catch (RuntimeException ex) {
			down("heartbeat", ex);
			return false;
		}
	}

	/**
	 * Write the local state again if Redis lost it or missed changes, sweep dead nodes,
	 * and have the subscriptions reconciled. Runs on its own thread, apart from the
	 * liveness refresh; swept connections' {@code @OnDisconnect} runs on a third.
	 */
	void housekeep() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			if (this.reassertNeeded) {
				this.reassertNeeded = false;
				reassert(connection);
			}
			up();
			sweep(connection);
			long now = System.nanoTime();
			ExecutorService executor = this.subscriptions;
			if (now - this.reconciledAt >= this.settings.heartbeatInterval().toNanos() && executor != null
					&& !executor.isShutdown()) {
				this.reconciledAt = now;
				executor.execute(this::reconcileAll);
			}
		}
		catch (RuntimeException ex) {
			down("housekeeping", ex);
		}
	}

	/**
	 * Make Redis match this node's local truth again, after Redis lost its data or
	 * missed changes while it was unreachable: remove what this node no longer holds and
	 * write every local connection with its current rooms and user. Both go in batches:
	 * removals a script per batch, writes pipelined, a round trip per batch. A connection
	 * that changed while its write was in flight is written again on its own.
	 */
	private void reassert(RedisConnection connection) {
		long started = System.nanoTime();
		Set<byte[]> recorded = connection.setCommands().sMembers(bytes(this.prefix + "node:" + this.nodeId));
		if (recorded != null) {
			List<byte[]> stale = new ArrayList<>();
			for (String id : strings(recorded)) {
				if (!this.locals.containsKey(id)) {
					stale.add(bytes(id));
				}
			}
			removeInBatches(connection, stale);
		}
		Scripts.REASSERT.load(connection);
		List<Local> all = new ArrayList<>(this.locals.values());
		int written = 0;
		List<Local> redo = new ArrayList<>();
		for (int from = 0; from < all.size(); from += BATCH_SIZE) {
			List<Local> batch = all.subList(from, Math.min(all.size(), from + BATCH_SIZE));
			int[] versions = new int[batch.size()];
			try (RedisConnection pipeline = this.connectionFactory.getConnection()) {
				pipeline.openPipeline();
				for (int i = 0; i < batch.size(); i++) {
					Local local = batch.get(i);
					synchronized (local) {
						versions[i] = local.version;
						if (!local.closed) {
							Scripts.REASSERT.runPipelined(pipeline, registerArguments(local, 0));
						}
					}
				}
				pipeline.closePipeline();
			}
			for (int i = 0; i < batch.size(); i++) {
				Local local = batch.get(i);
				synchronized (local) {
					if (local.version != versions[i]) {
						redo.add(local);
					}
					else if (!local.closed) {
						written++;
					}
				}
			}
		}
		for (Local local : redo) {
			synchronized (local) {
				if (local.closed) {
					Scripts.REMOVE.run(connection, this.prefixBytes, bytes(local.connection.id()));
				}
				else {
					Scripts.REASSERT.run(connection, registerArguments(local, 0));
					written++;
				}
			}
		}
		if (written > 0) {
			logger.info("Wrote the state of " + written + " local connections to Redis again in "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
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
		args.add(bytes(QueryStrings.formatSingle(connection.pathVariables())));
		args.add(bytes(QueryStrings.format(connection.sharedQueryParameters())));
		args.add(bytes(Integer.toString(userLimit)));
		for (String room : local.rooms) {
			args.add(bytes(room));
		}
		return args.toArray(byte[][]::new);
	}

	/**
	 * Sweep every dead node this node can claim: remove its connections from Redis in
	 * batches, a script per batch, and hand each removed connection to the
	 * lost-connection listener on the disconnect threads. Exactly one node claims a dead
	 * node, and the removal returns a connection once, so each lost connection is
	 * reported once cluster-wide.
	 */
	private void sweep(RedisConnection connection) {
		Object dead = Scripts.DEAD_NODES.run(connection, this.prefixBytes, bytes(this.nodeId));
		for (String node : strings(dead)) {
			Boolean claimed = connection.stringCommands()
				.set(bytes(this.prefix + "sweep:" + node), bytes(this.nodeId),
						Expiration.from(this.settings.nodeTtl()), SetOption.SET_IF_ABSENT);
			if (!Boolean.TRUE.equals(claimed)) {
				continue;
			}
			long started = System.nanoTime();
			Set<byte[]> ids = connection.setCommands().sMembers(bytes(this.prefix + "node:" + node));
			int swept = (ids != null) ? removeInBatches(connection, new ArrayList<>(ids)) : 0;
			Scripts.FORGET_NODE.run(connection, this.prefixBytes, bytes(node));
			logger.info("Swept " + swept + " connections of lost node " + node + " in "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
		}
	}

	/**
	 * Remove connections from Redis, a script per batch, and report those of other nodes
	 * lost.
	 * @return how many were removed
	 */
	private int removeInBatches(RedisConnection connection, List<byte[]> ids) {
		int removed = 0;
		for (int from = 0; from < ids.size(); from += BATCH_SIZE) {
			List<byte[]> batch = ids.subList(from, Math.min(ids.size(), from + BATCH_SIZE));
			byte[][] args = new byte[batch.size() + 1][];
			args[0] = this.prefixBytes;
			for (int i = 0; i < batch.size(); i++) {
				args[i + 1] = batch.get(i);
			}
			List<String> result = strings(Scripts.REMOVE.run(connection, args));
			int i = 0;
			while (i + 7 <= result.size()) {
				String id = result.get(i);
				int rooms = Integer.parseInt(result.get(i + 1));
				List<String> record = result.subList(i + 2, i + 7 + rooms);
				i += 7 + rooms;
				removed++;
				if (!isOwn(id)) {
					reportLost(id, List.copyOf(record));
				}
			}
		}
		return removed;
	}

	private void reportLost(String id, List<String> record) {
		if (record.size() < 5) {
			return;
		}
		String user = record.get(1).isEmpty() ? null : UserKeys.name(record.get(1));
		LostConnection lost = new LostConnection(id, record.get(2), QueryStrings.parseSingle(record.get(3)),
				QueryStrings.parse(record.get(4)), user, Set.copyOf(record.subList(5, record.size())), NODE_LOST);
		Runnable report = () -> {
			try {
				this.lostConnectionListener.accept(lost);
			}
			catch (RuntimeException ex) {
				logger.error("Lost-connection listener failed for " + id, ex);
			}
		};
		ThreadPoolExecutor executor = this.disconnects;
		if (executor != null && !executor.isShutdown()) {
			executor.execute(report);
		}
		else {
			report.run();
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
			String user = connection.userKey();
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
			local.version++;
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
			local.version++;
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
		RoomNames.check(room, limits().maxRoomNameBytes());
		Local local = this.locals.get(connectionId);
		if (local != null) {
			synchronized (local) {
				local.version++;
				if (local.closed || local.rooms.contains(room)) {
					return false;
				}
				int maxRooms = this.settings.limits().maxRoomsPerConnection();
				if (maxRooms > 0 && local.rooms.size() >= maxRooms) {
					throw new RoomLimitExceededException(RoomLimitExceededException.Limit.TOO_MANY_ROOMS, room);
				}
				// each room with local members is a subscription of this node
				int maxRoomsPerNode = this.settings.limits().maxRoomsPerNode();
				if (maxRoomsPerNode > 0 && !this.localRooms.containsKey(room)
						&& this.localRooms.size() >= maxRoomsPerNode) {
					throw new RoomLimitExceededException(RoomLimitExceededException.Limit.TOO_MANY_ROOMS_ON_NODE, room);
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
		RoomNames.check(room, limits().maxRoomNameBytes());
		Assert.isTrue(maxConnections >= 0, "'maxConnections' must not be negative");
		byte[] key = bytes(this.prefix + "roomlimits");
		if (maxConnections > 0) {
			redis("room limit", (redis) -> redis.hashCommands().hSet(key, bytes(room), bytes(Integer.toString(maxConnections))));
		}
		else {
			redis("room limit", (redis) -> redis.hashCommands().hDel(key, bytes(room)));
		}
	}

	@Override
	public boolean leave(String connectionId, String room) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		Local local = this.locals.get(connectionId);
		if (local != null) {
			synchronized (local) {
				local.version++;
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
		byte[] published = this.codec.encode(message);
		Long result = redis("send to a connection", (redis) -> (Long) Scripts.PUBLISH_IF_CONNECTED.run(redis,
				this.prefixBytes, bytes(connectionId), bytes(nodeChannel(nodeOf(connectionId))), published));
		return result != null && result >= 0;
	}

	@Override
	public void sendToRoom(String room, OutboundMessage message, Collection<String> excludedConnectionIds) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		deliverToLocalRoom(room, message, excludedConnectionIds);
		publish(roomChannel(room), ClusterMessage.delivery(Kind.ROOM, this.nodeId, room, excludedConnectionIds, message));
	}

	@Override
	public void sendToUser(String user, OutboundMessage message) {
		deliverToLocalUser(user, message);
		byte[] published = this.codec.encode(ClusterMessage.delivery(Kind.USER, this.nodeId, user, List.of(), message));
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
		byte[] published = this.codec.encode(message);
		redis("publish", (redis) -> redis.publish(bytes(channel), published));
	}

	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		ClusterCodec.Decoded decoded = this.codec.decode(message.getBody());
		ClusterMessage received = decoded.message();
		if (received == null) {
			rejected(message, decoded);
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
		Local local = this.locals.get(connectionId);
		if (local == null || room == null) {
			return;
		}
		synchronized (local) {
			local.version++;
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
		RoomNames.check(room, limits().maxRoomNameBytes());
		Set<byte[]> entries = redis("members",
				(redis) -> redis.zSetCommands().zRange(bytes(this.prefix + "room:" + room), 0, -1));
		if (entries == null) {
			return localMembers(room, null, Integer.MAX_VALUE).members();
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
		Object result = redis("members", (redis) -> Scripts.MEMBERS_PAGE.run(redis, this.prefixBytes, bytes(room),
				bytes((after != null) ? after : ""), bytes(Integer.toString(limit))));
		if (result == null) {
			return localMembers(room, after, limit);
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

	/** This node's members of a room, in id order: the answer while Redis is unreachable. */
	private MemberPage localMembers(String room, @Nullable String after, int limit) {
		Map<String, Local> members = this.localRooms.get(room);
		if (members == null) {
			return new MemberPage(List.of(), null);
		}
		List<Local> sorted = new ArrayList<>(members.values());
		sorted.sort(Comparator.comparing((Local local) -> local.connection.id()));
		List<Member> page = new ArrayList<>();
		for (Local local : sorted) {
			String id = local.connection.id();
			if (after != null && id.compareTo(after) <= 0) {
				continue;
			}
			if (page.size() == limit) {
				return new MemberPage(page, page.get(page.size() - 1).connectionId());
			}
			page.add(new Member(id, UserKeys.name(local.user)));
		}
		return new MemberPage(page, null);
	}

	@Override
	public int count(String room) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		Long count = redis("count", (redis) -> redis.zSetCommands().zCard(bytes(this.prefix + "room:" + room)));
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

		/** Counts the changes, so that a pipelined re-assert can tell which to redo. */
		private int version;

		Local(RegisteredConnection connection) {
			this.connection = connection;
		}

	}

}
