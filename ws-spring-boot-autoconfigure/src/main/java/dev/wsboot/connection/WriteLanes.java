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

package dev.wsboot.connection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.LocalDelivery;
import dev.wsboot.registry.RegisteredConnection;

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
 * it. At most {@code maxStalled} threads do this at once; beyond that a stalled client is
 * closed as slow.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class WriteLanes implements LocalDelivery {

	private static final Log logger = LogFactory.getLog(WriteLanes.class);

	/**
	 * How many payload bytes a lane may have waiting before senders wait for it (a
	 * broadcast counts its message once): what bounds memory when the lanes fall behind
	 * for want of CPU rather than because of a client.
	 */
	private static final long MAX_BACKLOG_BYTES = 64L * 1024 * 1024;

	private static final WriteLanes SHARED = new WriteLanes(Runtime.getRuntime().availableProcessors(),
			TimeUnit.MILLISECONDS.toNanos(20), 64);

	private final Lane[] lanes;

	private final long stallNanos;

	private final int maxStalled;

	private final AtomicInteger nextLane = new AtomicInteger();

	private final AtomicInteger stalled = new AtomicInteger();

	private final AtomicBoolean started = new AtomicBoolean();

	private final AtomicInteger threadNumber = new AtomicInteger();

	WriteLanes(int lanes, long stallNanos, int maxStalled) {
		this.lanes = new Lane[Math.max(1, lanes)];
		for (int i = 0; i < this.lanes.length; i++) {
			this.lanes[i] = new Lane(i);
		}
		this.stallNanos = stallNanos;
		this.maxStalled = maxStalled;
	}

	/**
	 * Return the lanes that every connection of this JVM writes on: as many as there are
	 * cores.
	 * @return the shared lanes
	 */
	public static WriteLanes shared() {
		return SHARED;
	}

	/**
	 * Pick the lane of a new connection, round robin.
	 * @return the lane
	 */
	Lane assign() {
		if (!this.started.get() && this.started.compareAndSet(false, true)) {
			for (Lane lane : this.lanes) {
				lane.start(null, 0);
			}
			Thread watchdog = new Thread(this::watch, "ws-write-watchdog");
			watchdog.setDaemon(true);
			watchdog.start();
		}
		return this.lanes[Math.floorMod(this.nextLane.getAndIncrement(), this.lanes.length)];
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
			OutboundQueue queue = (connection instanceof DefaultConnection defaultConnection)
					? defaultConnection.outboundQueue() : null;
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
		while (true) {
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
		if (this.stalled.incrementAndGet() > this.maxStalled) {
			this.stalled.decrementAndGet();
			writing.stalledWithoutThread();
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("A client's write stalled; its lane carries on on a new thread");
		}
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
		 * Queue work for the lane. A sender that is not a lane's thread waits, for up to
		 * a second, while the lane has more than its share of bytes waiting, rather than
		 * let them pile up without bound.
		 * @param task the work
		 * @param bytes the payload bytes the task will write
		 */
		void submit(Task task, long bytes) {
			if (this.backlogBytes.addAndGet(bytes) > MAX_BACKLOG_BYTES
					&& !(Thread.currentThread() instanceof LaneThread)) {
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
				while (this.backlogBytes.get() > MAX_BACKLOG_BYTES && System.nanoTime() < deadline) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				}
			}
			this.tasks.add(new Queued(task, bytes));
			if (this.sleeping.get() && this.sleeping.compareAndSet(true, false)) {
				Thread thread = this.worker.thread;
				if (thread != null) {
					LockSupport.unpark(thread);
				}
			}
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
				}
				while (!this.detached) {
					Queued next = this.lane.tasks.poll();
					if (next != null) {
						this.lane.backlogBytes.addAndGet(-next.bytes());
						runTask(next.task(), 0);
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
