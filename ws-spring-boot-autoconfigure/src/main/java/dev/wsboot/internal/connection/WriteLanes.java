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

package dev.wsboot.internal.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.LocalDelivery;
import dev.wsboot.registry.RegisteredConnection;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * The threads that write to clients: one lane per core, each owning a share of the
 * connections and writing to them with the container's blocking writes, which cost no
 * thread hand-off while the client keeps up (the container's asynchronous writes hand
 * every completion to another thread). A broadcast costs its sender one hand-off per
 * lane: every lane then walks the members and writes to its own, so the members are
 * served on all cores at once, and a sender's messages reach each member in order.
 * <p>
 * A client that stops reading makes a blocking write wait. A watchdog notices a lane
 * whose thread has waited in a write for longer than the stall threshold (a thread that
 * is only short of CPU does not count), leaves the stalled write to the
 * thread it is on, and gives the lane a new thread that carries on where the old one
 * stopped: the other connections wait no longer than the threshold. The stalled thread
 * then serves only its client, until the client reads again or the send time limit closes
 * it. At most {@code maxStalledWriters} threads do this at once; beyond that a stalled
 * client is closed as slow.
 * <p>
 * Every queue is bounded. A lane holds at most {@code backlogLimit} payload bytes: a
 * sender that finds it full waits for up to a second (the lanes are behind for want of
 * CPU, and the wait slows the senders down), then the message is dropped for that lane's
 * connections, counted ({@link #droppedMessages()}) and logged. Closes run on a small pool
 * of their own, at most one per connection, since a close to a client that stopped reading
 * waits for the container's close timeout; when that pool's queue is full, the thread that
 * asked for the close carries it out.
 * <p>
 * The lanes belong to the application context that created them: its threads start with
 * the first connection and stop with the context, after the connections were closed and
 * what was queued for them was written, for up to {@code drainTimeout}.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class WriteLanes implements LocalDelivery, SmartLifecycle {

	/**
	 * Phase in which the lanes stop: after the endpoints closed their connections and
	 * the registry left the cluster, before the web server stops.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 900;

	private static final Log logger = LogFactory.getLog(WriteLanes.class);

	/** How long a sender waits for room in a full lane before its message is dropped. */
	private static final long BACKLOG_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** How often, at most, dropped messages are logged. */
	private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Lane[] lanes;

	private final long stallNanos;

	private final int maxStalledWriters;

	private final long backlogLimitBytes;

	private final long drainTimeoutMillis;

	private final int closeThreads;

	private volatile ThreadPoolExecutor closer;

	private final AtomicInteger nextLane = new AtomicInteger();

	private final AtomicInteger stalled = new AtomicInteger();

	/** Whether the threads of the lanes run: from the first connection until a stop. */
	private final AtomicBoolean started = new AtomicBoolean();

	/** Whether the threads ran before a stop, to start them again with the context. */
	private volatile boolean startedBefore;

	private volatile boolean stopped;

	private final AtomicInteger threadNumber = new AtomicInteger();

	private final AtomicLong dropped = new AtomicLong();

	/** Tasks queued or running, for a stop to wait for. */
	private final AtomicLong inFlight = new AtomicLong();

	private final LongAdder deliveries = new LongAdder();

	private final LongAdder rescues = new LongAdder();

	private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);

	private volatile @Nullable Thread watchdog;

	/**
	 * Create write lanes.
	 * @param lanes how many lanes (threads that write), usually one per core
	 * @param stallThreshold how long a write may wait before its lane moves on to a new
	 * thread
	 * @param maxStalledWriters how many threads may be left with stalled clients at once;
	 * past that a stalled client is closed as slow
	 * @param backlogLimit how many payload bytes may wait in one lane
	 * @param closeThreads how many threads carry out closes
	 * @param drainTimeout how long stopping waits for queued writes and closes
	 */
	public WriteLanes(int lanes, Duration stallThreshold, int maxStalledWriters, DataSize backlogLimit,
			int closeThreads, Duration drainTimeout) {
		Assert.isTrue(lanes > 0, "'lanes' must be positive");
		Assert.isTrue(stallThreshold.toMillis() > 0, "'stallThreshold' must be at least 1 ms");
		Assert.isTrue(maxStalledWriters >= 0, "'maxStalledWriters' must not be negative");
		Assert.isTrue(backlogLimit.toBytes() > 0, "'backlogLimit' must be positive");
		Assert.isTrue(closeThreads > 0, "'closeThreads' must be positive");
		Assert.isTrue(!drainTimeout.isNegative(), "'drainTimeout' must not be negative");
		this.lanes = new Lane[lanes];
		for (int i = 0; i < this.lanes.length; i++) {
			this.lanes[i] = new Lane(i);
		}
		this.stallNanos = stallThreshold.toNanos();
		this.maxStalledWriters = maxStalledWriters;
		this.backlogLimitBytes = backlogLimit.toBytes();
		this.drainTimeoutMillis = drainTimeout.toMillis();
		this.closeThreads = closeThreads;
		this.closer = newCloser(closeThreads);
	}

	private static ThreadPoolExecutor newCloser(int threads) {
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("ws-close-");
		threadFactory.setDaemon(true);
		// at most one close per connection is ever queued; the bound is a backstop
		ThreadPoolExecutor closer = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(65_536), threadFactory, (close, executor) -> close.run());
		closer.allowCoreThreadTimeOut(true);
		return closer;
	}

	/**
	 * Pick the lane of a new connection, round robin.
	 * @return the lane
	 */
	Lane assign() {
		startThreads();
		return this.lanes[Math.floorMod(this.nextLane.getAndIncrement(), this.lanes.length)];
	}

	private void startThreads() {
		if (!this.started.get() && !this.stopped && this.started.compareAndSet(false, true)) {
			this.startedBefore = true;
			for (Lane lane : this.lanes) {
				lane.start(null, 0);
			}
			Thread watchdog = new Thread(this::watch, "ws-write-watchdog");
			watchdog.setDaemon(true);
			this.watchdog = watchdog;
			watchdog.start();
		}
	}

	/**
	 * Carry out a close off the calling thread: closing a client whose write is stuck
	 * waits for the container's close timeout.
	 * @param close the close
	 */
	void close(Runnable close) {
		// when the pool is full or stopped, the calling thread closes
		this.closer.execute(close);
	}

	/**
	 * Return how long a write may wait before its lane carries on without it.
	 * @return the stall threshold in nanoseconds
	 */
	long stallThresholdNanos() {
		return this.stallNanos;
	}

	/**
	 * Return how many lanes there are.
	 * @return the number of lanes
	 */
	public int laneCount() {
		return this.lanes.length;
	}

	/**
	 * Return how many messages were dropped for a lane's connections because the lane's
	 * backlog stayed full, or because the lanes had stopped.
	 * @return the number of dropped messages, each counted once per lane
	 */
	public long droppedMessages() {
		return this.dropped.get();
	}

	/**
	 * Return how many messages the lanes have taken to write, one per recipient, since
	 * startup.
	 * @return the number of deliveries queued
	 */
	public long deliveryCount() {
		return this.deliveries.sum();
	}

	/**
	 * Return how many times a lane carried on on a new thread because a client's write
	 * stalled its thread.
	 * @return the number of rescues
	 */
	public long rescueCount() {
		return this.rescues.sum();
	}

	/**
	 * Return how many payload bytes wait in the lanes.
	 * @return the backlog in bytes
	 */
	public long backlogBytes() {
		long total = 0;
		for (Lane lane : this.lanes) {
			total += lane.backlogBytes.get();
		}
		return total;
	}

	/**
	 * Start the lanes again after a {@link #stop()}; the first start needs no call, the
	 * threads start with the first connection.
	 */
	@Override
	public synchronized void start() {
		if (!this.stopped) {
			return;
		}
		this.closer = newCloser(this.closeThreads);
		this.stopped = false;
		if (this.startedBefore) {
			startThreads();
		}
	}

	/**
	 * Stop the lanes: wait, up to the drain timeout, until what was queued has been
	 * written and the closes carried out, then end the threads. Later messages are
	 * dropped and counted.
	 */
	@Override
	public synchronized void stop() {
		if (this.stopped) {
			return;
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.drainTimeoutMillis);
		while (this.started.get() && !isIdle() && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		ThreadPoolExecutor closer = this.closer;
		closer.shutdown();
		try {
			closer.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.stopped = true;
		Thread watchdog = this.watchdog;
		List<Thread> threads = new ArrayList<>();
		if (watchdog != null) {
			watchdog.interrupt();
			threads.add(watchdog);
		}
		for (Lane lane : this.lanes) {
			Thread thread = lane.worker.thread;
			if (thread != null) {
				LockSupport.unpark(thread);
				threads.add(thread);
			}
		}
		for (Thread thread : threads) {
			try {
				thread.join(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		closer.shutdownNow();
		this.started.set(false);
	}

	/**
	 * Return how long stopping waits for queued writes and closes; the endpoints wait as
	 * long for their clients to answer the closes of a shutdown.
	 * @return the drain timeout
	 */
	public Duration drainTimeout() {
		return Duration.ofMillis(this.drainTimeoutMillis);
	}

	private boolean isIdle() {
		return this.inFlight.get() == 0 && this.closer.getActiveCount() == 0 && this.closer.getQueue().isEmpty();
	}

	@Override
	public boolean isRunning() {
		return !this.stopped;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void dropped(long count) {
		this.dropped.addAndGet(count);
		long now = System.nanoTime();
		long last = this.lastDropLog.get();
		if (now - last >= DROP_LOG_INTERVAL_NANOS && this.lastDropLog.compareAndSet(last, now)) {
			if (this.stopped) {
				logger.debug("Messages sent after the write lanes stopped were dropped");
			}
			else {
				logger.warn("A write lane's backlog stayed over " + this.backlogLimitBytes
						+ " bytes: messages were dropped (" + this.dropped.get() + " so far); "
						+ "the node is short of CPU for its outbound traffic");
			}
		}
	}

	@Override
	public void deliver(List<? extends RegisteredConnection> connections, OutboundMessage message) {
		if (connections.size() < 2 || !this.started.get()) {
			LocalDelivery.serial().deliver(connections, message);
			return;
		}
		int laneCount = this.lanes.length;
		OutboundQueue[][] byLane = new OutboundQueue[laneCount][];
		int[] counts = new int[laneCount];
		int expected = connections.size() / laneCount + 8;
		List<RegisteredConnection> others = null;
		for (RegisteredConnection connection : connections) {
			OutboundQueue queue = (connection instanceof LaneWritable writable) ? writable.outboundQueue() : null;
			if (queue == null) {
				others = (others != null) ? others : new ArrayList<>();
				others.add(connection);
				continue;
			}
			int lane = queue.lane().index;
			OutboundQueue[] bucket = byLane[lane];
			if (bucket == null) {
				bucket = new OutboundQueue[expected];
				byLane[lane] = bucket;
			}
			else if (counts[lane] == bucket.length) {
				bucket = Arrays.copyOf(bucket, bucket.length * 2);
				byLane[lane] = bucket;
			}
			bucket[counts[lane]++] = queue;
		}
		for (int i = 0; i < laneCount; i++) {
			if (counts[i] > 0) {
				this.lanes[i].submit(new Broadcast(byLane[i], counts[i], message), message.length());
			}
		}
		if (others != null) {
			LocalDelivery.serial().deliver(others, message);
		}
	}

	int stalledThreads() {
		return this.stalled.get();
	}

	private void watch() {
		long tick = Math.max(this.stallNanos / 2, TimeUnit.MILLISECONDS.toNanos(1));
		while (!this.stopped) {
			LockSupport.parkNanos(tick);
			long now = System.nanoTime();
			for (Lane lane : this.lanes) {
				Worker worker = lane.worker;
				if (worker.writing != null && now - worker.writeStartedAt > this.stallNanos && isWaiting(worker)) {
					synchronized (worker) {
						OutboundQueue writing = worker.writing;
						if (writing != null && now - worker.writeStartedAt > this.stallNanos) {
							rescue(lane, worker, writing);
						}
					}
				}
			}
		}
	}

	/**
	 * Whether a worker's thread is waiting, as a blocking write to a full socket does; a
	 * thread that is running, or ready to run on a busy machine, is not held up by its
	 * client.
	 */
	private static boolean isWaiting(Worker worker) {
		Thread thread = worker.thread;
		return thread != null && thread.getState() != Thread.State.RUNNABLE;
	}

	private void rescue(Lane lane, Worker worker, OutboundQueue writing) {
		if (this.stalled.incrementAndGet() > this.maxStalledWriters) {
			this.stalled.decrementAndGet();
			writing.stalledWithoutThread();
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("A client's write stalled; its lane carries on on a new thread");
		}
		this.rescues.increment();
		writing.stalled();
		worker.detached = true;
		lane.start(worker.task, worker.position + 1);
	}

	private Thread newThread(Runnable task) {
		Thread thread = new LaneThread(task, "ws-write-" + this.threadNumber.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * Work for a lane: a message for one connection, or a broadcast.
	 */
	interface Task {

		/**
		 * Do this lane's part.
		 * @param worker the lane's current worker
		 * @param from where to start, for a task resumed after a stall
		 */
		void run(Worker worker, int from);

	}

	/**
	 * One message to the connections of one lane.
	 */
	private record Broadcast(OutboundQueue[] queues, int count, Object message) implements Task {

		@Override
		public void run(Worker worker, int from) {
			for (int i = from; i < this.count && !worker.detached; i++) {
				worker.position = i;
				this.queues[i].deliverOnLane(this.message, worker);
			}
		}

	}

	/**
	 * A share of the connections, served in turn by one thread.
	 */
	final class Lane {

		private final int index;

		private final Queue<Queued> tasks = new ConcurrentLinkedQueue<>();

		private final AtomicLong backlogBytes = new AtomicLong();

		private final AtomicBoolean sleeping = new AtomicBoolean();

		private volatile Worker worker = new Worker(this, null, 0);

		Lane(int index) {
			this.index = index;
		}

		private void start(@Nullable Task resume, int from) {
			Worker next = new Worker(this, resume, from);
			Thread thread = newThread(next);
			next.thread = thread;
			this.worker = next;
			thread.start();
		}

		/**
		 * Count bytes against the backlog if they fit under the limit; a message larger
		 * than the whole limit still goes to an empty lane, and work of no bytes always.
		 */
		private boolean reserve(long bytes) {
			while (true) {
				long current = this.backlogBytes.get();
				if (bytes > 0 && current > 0 && current + bytes > WriteLanes.this.backlogLimitBytes) {
					return false;
				}
				if (this.backlogBytes.compareAndSet(current, current + bytes)) {
					return true;
				}
			}
		}

		/**
		 * Queue work for the lane. While the lane has its limit of bytes waiting, a sender
		 * that is not a lane's thread waits for up to a second for room; then, or at once
		 * for a lane's thread, the work is dropped and counted. Work of no bytes (a close)
		 * is always taken.
		 * @param task the work
		 * @param bytes the payload bytes the task will write
		 * @return whether the work was queued
		 */
		boolean submit(Task task, long bytes) {
			if (WriteLanes.this.stopped) {
				if (bytes > 0) {
					dropped(1);
				}
				return false;
			}
			if (!reserve(bytes)) {
				boolean reserved = false;
				if (!(Thread.currentThread() instanceof LaneThread)) {
					long deadline = System.nanoTime() + BACKLOG_WAIT_NANOS;
					while (!reserved && System.nanoTime() < deadline && !WriteLanes.this.stopped) {
						LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
						reserved = reserve(bytes);
					}
				}
				if (!reserved) {
					dropped(1);
					return false;
				}
			}
			WriteLanes.this.inFlight.incrementAndGet();
			if (task instanceof Broadcast broadcast) {
				WriteLanes.this.deliveries.add(broadcast.count());
			}
			else if (bytes > 0) {
				WriteLanes.this.deliveries.increment();
			}
			this.tasks.add(new Queued(task, bytes));
			if (this.sleeping.get() && this.sleeping.compareAndSet(true, false)) {
				Thread thread = this.worker.thread;
				if (thread != null) {
					LockSupport.unpark(thread);
				}
			}
			return true;
		}

	}

	/**
	 * A task waiting in a lane, with the bytes it counts against the lane's backlog.
	 */
	private record Queued(Task task, long bytes) {
	}

	/**
	 * Marks the threads of the lanes.
	 */
	private static final class LaneThread extends Thread {

		LaneThread(Runnable task, String name) {
			super(task, name);
		}

	}

	/**
	 * A lane's thread, or a thread left with a stalled client.
	 */
	final class Worker implements Runnable {

		private final Lane lane;

		private @Nullable Task resume;

		private final int resumeFrom;

		private volatile @Nullable Thread thread;

		private volatile @Nullable OutboundQueue writing;

		private volatile long writeStartedAt;

		private volatile boolean detached;

		private volatile @Nullable Task task;

		private volatile int position;

		Worker(Lane lane, @Nullable Task resume, int resumeFrom) {
			this.lane = lane;
			this.resume = resume;
			this.resumeFrom = resumeFrom;
		}

		void beginWrite(OutboundQueue queue) {
			this.writeStartedAt = System.nanoTime();
			this.writing = queue;
		}

		/**
		 * End a write.
		 * @return whether the lane moved on to a new thread while this one was stalled in
		 * the write, leaving it with the stalled client
		 */
		synchronized boolean endWrite() {
			this.writing = null;
			return this.detached;
		}

		@Override
		public void run() {
			try {
				Task resumed = this.resume;
				if (resumed != null) {
					this.resume = null;
					runTask(resumed, this.resumeFrom);
					done();
				}
				while (!this.detached && !WriteLanes.this.stopped) {
					Queued next = this.lane.tasks.poll();
					if (next != null) {
						this.lane.backlogBytes.addAndGet(-next.bytes());
						runTask(next.task(), 0);
						done();
						continue;
					}
					this.lane.sleeping.set(true);
					if (!this.lane.tasks.isEmpty()) {
						this.lane.sleeping.set(false);
						continue;
					}
					LockSupport.park(this);
					this.lane.sleeping.set(false);
				}
			}
			finally {
				if (this.detached) {
					WriteLanes.this.stalled.decrementAndGet();
				}
				else {
					dropRemaining();
				}
			}
		}

		/**
		 * A task has run to its end on this thread; one the lane moved on from while this
		 * thread was stalled in it ends on the thread that took it over.
		 */
		private void done() {
			if (!this.detached) {
				WriteLanes.this.inFlight.decrementAndGet();
			}
		}

		private void dropRemaining() {
			Queued next;
			while ((next = this.lane.tasks.poll()) != null) {
				WriteLanes.this.inFlight.decrementAndGet();
				this.lane.backlogBytes.addAndGet(-next.bytes());
				if (next.bytes() > 0) {
					dropped(1);
				}
			}
		}

		private void runTask(Task next, int from) {
			this.position = 0;
			this.task = next;
			try {
				next.run(this, from);
			}
			catch (RuntimeException ex) {
				logger.warn("Delivery failed", ex);
			}
			finally {
				this.task = null;
			}
		}

	}

}
