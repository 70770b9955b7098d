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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import dev.wsboot.registry.LostConnection;
import dev.wsboot.registry.internal.LocalConnection;
import dev.wsboot.registry.internal.LocalIndex;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import static dev.wsboot.registry.redis.RedisKeys.bytes;
import static dev.wsboot.registry.redis.RedisKeys.nodeOf;
import static dev.wsboot.registry.redis.RedisKeys.strings;

/**
 * A node's liveness and the cluster's housekeeping, each on threads of its own so that
 * neither waits for the other, nor for user code:
 * <ul>
 * <li>liveness: one short script per heartbeat refreshes the node's key;</li>
 * <li>housekeeping: writes the node's state again when Redis lost it or missed changes,
 * sweeps dead nodes (500 connections to a script), and has the subscriptions
 * reconciled, every second at most;</li>
 * <li>disconnects: run the lost-connection listener (the endpoints'
 * {@code @OnDisconnect}) for each swept connection; past 10,000 queued calls the sweep
 * waits, the liveness refresh does not.</li>
 * </ul>
 *
 * @author wsboot
 */
final class NodeHousekeeping {

	private static final Log logger = LogFactory.getLog(RedisConnectionRegistry.class);

	/** How often, at most, the housekeeping looks for dead nodes. */
	private static final long HOUSEKEEPING_TICK_MILLIS = 1000;

	/** Connections per script or pipeline of a sweep or a re-assertion. */
	private static final int BATCH_SIZE = 500;

	/** Swept connections' {@code @OnDisconnect} calls that may wait for a thread. */
	private static final int DISCONNECT_QUEUE_CAPACITY = 10_000;

	private final RedisRegistrySettings settings;

	private final String nodeId;

	private final RedisKeys keys;

	private final RedisAccess redis;

	private final LocalIndex locals;

	private final Scripts scripts;

	private final RoomSubscriptions subscriptions;

	private volatile Consumer<LostConnection> lostConnectionListener = (lost) -> {
	};

	private volatile @Nullable ScheduledExecutorService liveness;

	private volatile @Nullable ScheduledExecutorService housekeeping;

	private volatile @Nullable ThreadPoolExecutor disconnects;

	/**
	 * The liveness refresh's own connection, used by the liveness thread only (and by
	 * {@link #start()} before that thread runs): opened on first use, closed after a
	 * failure and at shutdown.
	 */
	private @Nullable RedisConnection livenessConnection;

	private final LongAdder swept = new LongAdder();

	private final LongAdder reasserted = new LongAdder();

	/** When the liveness key was last refreshed, in epoch milliseconds; 0 before. */
	private volatile long lastHeartbeat;

	/** The nodes with a live key, this one included, as the housekeeping last counted. */
	private volatile int liveNodes;

	/** When the housekeeping last had the subscriptions reconciled, in nanoseconds. */
	private long reconciledAt = System.nanoTime() - Long.MAX_VALUE / 2;

	NodeHousekeeping(RedisRegistrySettings settings, String nodeId, RedisKeys keys, RedisAccess redis,
			LocalIndex locals, Scripts scripts, RoomSubscriptions subscriptions) {
		this.settings = settings;
		this.nodeId = nodeId;
		this.keys = keys;
		this.redis = redis;
		this.locals = locals;
		this.scripts = scripts;
		this.subscriptions = subscriptions;
	}

	/** The connections this node has swept from dead nodes, since startup. */
	long sweptCount() {
		return this.swept.sum();
	}

	/** The connections this node has written to Redis again, since startup. */
	long reassertedCount() {
		return this.reasserted.sum();
	}

	/** When the liveness key was last refreshed, in epoch milliseconds, or 0. */
	long lastHeartbeat() {
		return this.lastHeartbeat;
	}

	/** The live nodes of the cluster, as last counted, this one included (0 before the first count). */
	int liveNodeCount() {
		return this.liveNodes;
	}

	void setLostConnectionListener(Consumer<LostConnection> listener) {
		this.lostConnectionListener = listener;
	}

	/**
	 * Start the threads, refreshing the liveness key once first.
	 * @return whether Redis answered that first refresh
	 */
	boolean start() {
		ScheduledExecutorService livenessExecutor = Executors.newSingleThreadScheduledExecutor(daemon("ws-redis-liveness"));
		ScheduledExecutorService housekeepingExecutor = Executors
			.newSingleThreadScheduledExecutor(daemon("ws-redis-housekeeping"));
		int threads = this.settings.disconnectThreads();
		ThreadPoolExecutor disconnectExecutor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(DISCONNECT_QUEUE_CAPACITY), daemon("ws-redis-disconnect"),
				NodeHousekeeping::waitForRoom);
		disconnectExecutor.allowCoreThreadTimeOut(true);
		this.liveness = livenessExecutor;
		this.housekeeping = housekeepingExecutor;
		this.disconnects = disconnectExecutor;
		boolean reachable = refreshLiveness();
		long interval = this.settings.heartbeatInterval().toMillis();
		livenessExecutor.scheduleAtFixedRate(this::refreshLiveness, interval, interval, TimeUnit.MILLISECONDS);
		// dead nodes are looked for every second at least, so that a node is swept soon
		// after its key expires; while Redis is unreachable, only the liveness refresh
		// probes it, and calls the housekeeping in once Redis answers
		long tick = Math.min(interval, HOUSEKEEPING_TICK_MILLIS);
		housekeepingExecutor.scheduleWithFixedDelay(() -> {
			if (!this.redis.isDown()) {
				housekeep();
			}
		}, 0, tick, TimeUnit.MILLISECONDS);
		return reachable;
	}

	/** Stop refreshing the liveness key and housekeeping, at once, and close the liveness connection. */
	void stopHousekeeping() {
		shutdownNow(this.housekeeping);
		ScheduledExecutorService livenessExecutor = this.liveness;
		if (livenessExecutor != null) {
			livenessExecutor.shutdownNow();
			try {
				// the connection is the liveness thread's: close it once that thread is done
				if (livenessExecutor.awaitTermination(this.settings.nodeTtl().toMillis(), TimeUnit.MILLISECONDS)) {
					closeLivenessConnection();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Remove this node's liveness from Redis, so that the others stop counting it. */
	void leave() {
		this.redis.run("node shutdown", (connection) -> {
			connection.keyCommands().del(this.keys.alive(this.nodeId));
			connection.setCommands().sRem(this.keys.nodes(), bytes(this.nodeId));
			return null;
		});
	}

	/** Let the queued {@code @OnDisconnect} calls of swept connections run, up to the node TTL, then stop. */
	void stopDisconnects() {
		ThreadPoolExecutor disconnectExecutor = this.disconnects;
		if (disconnectExecutor == null) {
			return;
		}
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

	/**
	 * Refresh this node's liveness key: one short script, on a thread and a Redis
	 * connection of its own, so that no sweep, re-assertion, user code or burst of the
	 * node's own commands ever delays it. (Lettuce multiplexes every command of a node
	 * on one shared connection by default: a refresh queued there behind the writes of
	 * thousands of handshakes could wait past the node TTL, and the node would be swept
	 * while alive. A pipelined connection is a dedicated one, so the refresh runs as a
	 * pipeline of one script, sent with its source, which needs no script cache.) A key
	 * found gone (Redis lost its data, or the node was silent past its TTL), or Redis
	 * answering again after an outage, has the housekeeping write the local state again
	 * at once; the node counts as connected again once that is done.
	 * @return whether Redis answered
	 */
	boolean refreshLiveness() {
		try {
			Object previous = heartbeat();
			this.lastHeartbeat = System.currentTimeMillis();
			if (previous == null) {
				this.redis.markStale();
			}
			if (previous == null || this.redis.isDown()) {
				ScheduledExecutorService executor = this.housekeeping;
				if (executor != null && !executor.isShutdown()) {
					executor.execute(this::housekeep);
				}
			}
			return true;
		}
		catch (RuntimeException ex) {
			closeLivenessConnection();
			this.redis.down("heartbeat", ex);
			return false;
		}
	}

	private @Nullable Object heartbeat() {
		RedisConnection connection = this.livenessConnection;
		if (connection == null) {
			connection = this.redis.connection();
			this.livenessConnection = connection;
		}
		connection.openPipeline();
		this.scripts.heartbeatPipelined(connection, this.settings.nodeTtl().toMillis());
		List<@Nullable Object> results = connection.closePipeline();
		return results.isEmpty() ? null : results.get(0);
	}

	private void closeLivenessConnection() {
		RedisConnection connection = this.livenessConnection;
		this.livenessConnection = null;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not close the liveness connection", ex);
			}
		}
	}

	/**
	 * Write the local state again if Redis lost it or missed changes, sweep dead nodes,
	 * and have the subscriptions reconciled. Runs on its own thread, apart from the
	 * liveness refresh; swept connections' {@code @OnDisconnect} runs on a third.
	 */
	void housekeep() {
		try (RedisConnection connection = this.redis.connection()) {
			if (this.redis.takeStale()) {
				reassert(connection);
			}
			this.redis.up();
			sweep(connection);
			long now = System.nanoTime();
			if (now - this.reconciledAt >= this.settings.heartbeatInterval().toNanos()) {
				this.reconciledAt = now;
				this.subscriptions.reconcileAll();
			}
		}
		catch (RuntimeException ex) {
			this.redis.down("housekeeping", ex);
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
		Set<byte[]> recorded = connection.setCommands().sMembers(this.keys.node(this.nodeId));
		if (recorded != null) {
			List<String> stale = new ArrayList<>();
			for (String id : strings(recorded)) {
				if (!this.locals.contains(id)) {
					stale.add(id);
				}
			}
			removeInBatches(stale);
		}
		this.scripts.loadReassert(connection);
		List<LocalConnection> all = this.locals.all();
		int written = 0;
		List<LocalConnection> redo = new ArrayList<>();
		for (int from = 0; from < all.size(); from += BATCH_SIZE) {
			List<LocalConnection> batch = all.subList(from, Math.min(all.size(), from + BATCH_SIZE));
			int[] versions = new int[batch.size()];
			try (RedisConnection pipeline = this.redis.connection()) {
				pipeline.openPipeline();
				for (int i = 0; i < batch.size(); i++) {
					LocalConnection local = batch.get(i);
					synchronized (local) {
						versions[i] = local.version();
						if (!local.isClosed()) {
							this.scripts.reassertPipelined(pipeline, local);
						}
					}
				}
				pipeline.closePipeline();
			}
			for (int i = 0; i < batch.size(); i++) {
				LocalConnection local = batch.get(i);
				synchronized (local) {
					if (local.version() != versions[i]) {
						redo.add(local);
					}
					else if (!local.isClosed()) {
						written++;
					}
				}
			}
		}
		for (LocalConnection local : redo) {
			synchronized (local) {
				if (local.isClosed()) {
					this.scripts.remove(List.of(local.id()));
				}
				else {
					this.scripts.reassert(local);
					written++;
				}
			}
		}
		this.reasserted.add(written);
		if (written > 0) {
			logger.info("Wrote the state of " + written + " local connections to Redis again in "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
		}
	}

	/**
	 * Sweep every dead node this node can claim: remove its connections from Redis in
	 * batches, a script per batch, and hand each removed connection to the
	 * lost-connection listener on the disconnect threads. Exactly one node claims a dead
	 * node, and the removal returns a connection once, so each lost connection is
	 * reported once cluster-wide.
	 */
	private void sweep(RedisConnection connection) {
		List<String> dead = strings(this.scripts.deadNodes());
		Long known = connection.setCommands().sCard(this.keys.nodes());
		this.liveNodes = (known != null) ? (int) Math.max(1, known - dead.size()) : this.liveNodes;
		for (String node : dead) {
			Boolean claimed = connection.stringCommands()
				.set(this.keys.sweepLock(node), bytes(this.nodeId), Expiration.from(this.settings.nodeTtl()),
						SetOption.SET_IF_ABSENT);
			if (!Boolean.TRUE.equals(claimed)) {
				continue;
			}
			long started = System.nanoTime();
			Set<byte[]> ids = connection.setCommands().sMembers(this.keys.node(node));
			int swept = (ids != null) ? removeInBatches(strings(ids)) : 0;
			this.swept.add(swept);
			this.scripts.forgetNode(node);
			logger.info("Swept " + swept + " connections of lost node " + node + " in "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
		}
	}

	/**
	 * Remove connections from Redis, a script per batch, and report those of other nodes
	 * lost.
	 * @return how many were removed
	 */
	private int removeInBatches(List<String> ids) {
		int removed = 0;
		for (int from = 0; from < ids.size(); from += BATCH_SIZE) {
			List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH_SIZE));
			for (LostConnection lost : ConnectionRecords.removed(this.scripts.remove(batch))) {
				removed++;
				if (!this.nodeId.equals(nodeOf(lost.connectionId()))) {
					reportLost(lost);
				}
			}
		}
		return removed;
	}

	private void reportLost(LostConnection lost) {
		Runnable report = () -> {
			try {
				this.lostConnectionListener.accept(lost);
			}
			catch (RuntimeException ex) {
				logger.error("Lost-connection listener failed for " + lost.connectionId(), ex);
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

	private static void shutdownNow(@Nullable ExecutorService executor) {
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	private static CustomizableThreadFactory daemon(String name) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(name + "-");
		threads.setDaemon(true);
		return threads;
	}

}
