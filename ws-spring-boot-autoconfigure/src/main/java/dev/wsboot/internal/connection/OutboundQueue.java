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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.wsboot.protocol.OutboundMessage;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * One connection's outbound path. Sends are handed to the connection's
 * {@link WriteLanes write lane}, which writes them in order with the container's blocking
 * writes, so no caller ever waits for the client. While a client is stalled (its write has
 * waited long enough for the lane to move on), a thread of its own serves it, and what the
 * lane has for it waits here, up to the buffer limit. A client over that limit, or with one
 * write pending longer than the time limit, is reported slow once and gets nothing more. A
 * close requested by the server is carried out after the messages sent before it, so that
 * the container's close frame never races a write; a failed write closes the connection,
 * since the container does not always report a connection closed after a write failed.
 *
 * @author wsboot
 */
final class OutboundQueue {

	private static final Log logger = LogFactory.getLog(OutboundQueue.class);

	private final Session session;

	private final WriteLanes.Lane lane;

	private final long bufferLimit;

	private final long timeLimitMillis;

	private final Runnable onSlow;

	private final Consumer<CloseStatus> closer;

	/** What waits while a thread of its own serves this stalled client: messages and a close. */
	private final Queue<Object> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicLong waitingBytes = new AtomicLong();

	private static final AtomicIntegerFieldUpdater<OutboundQueue> FAILED = AtomicIntegerFieldUpdater
		.newUpdater(OutboundQueue.class, "failed");

	/** 1 once the client has failed, been found slow or been closed: it gets nothing more. */
	private volatile int failed;

	private volatile boolean stalled;

	private final AtomicBoolean closeRequested = new AtomicBoolean();

	/** Messages sent to this connection alone and not written yet. */
	private final AtomicInteger unwritten = new AtomicInteger();

	/** The container's thread waiting for {@link #unwritten} to come down to zero. */
	private volatile @Nullable Thread replyWaiter;

	/** Guards {@link #writer}, so that an interrupt only ever lands inside a write to this client. */
	private final Object writerLock = new Object();

	private @Nullable Thread writer;

	private volatile long writeStartedAt;

	private final @Nullable TomcatFrames frames;

	OutboundQueue(Session session, WriteLanes.Lane lane, long bufferLimit, long timeLimitMillis, Runnable onSlow,
			Consumer<CloseStatus> closer) {
		this.session = session;
		this.lane = lane;
		this.bufferLimit = bufferLimit;
		this.timeLimitMillis = timeLimitMillis;
		this.onSlow = onSlow;
		this.closer = closer;
		this.frames = TomcatFrames.of(session, timeLimitMillis + 100);
	}

	WriteLanes.Lane lane() {
		return this.lane;
	}

	/**
	 * Hand a message to the lane to write.
	 * @param message an {@link OutboundMessage} or a {@link WebSocketMessage}
	 */
	void send(Object message) {
		if (this.failed != 0) {
			return;
		}
		if (isStuck(System.currentTimeMillis())) {
			slow("a write pending for over " + this.timeLimitMillis + " ms");
			return;
		}
		this.unwritten.incrementAndGet();
		if (!this.lane.submit(new Single(this, message), length(message))) {
			written();
		}
	}

	/**
	 * Wait, up to a bound, until the messages sent to this connection alone have been
	 * written. The container's thread that read a message calls it after the handler
	 * replied: a close the container starts itself on that thread right after (a protocol
	 * violation read together with the message) would otherwise overtake the reply. A
	 * client whose writes are stalled, or that failed, is not waited for.
	 * @param maxNanos the longest wait
	 */
	void awaitWritten(long maxNanos) {
		if (this.unwritten.get() == 0) {
			return;
		}
		long deadline = System.nanoTime() + maxNanos;
		this.replyWaiter = Thread.currentThread();
		try {
			long left;
			while (this.unwritten.get() > 0 && !this.stalled && this.failed == 0
					&& (left = deadline - System.nanoTime()) > 0) {
				LockSupport.parkNanos(this, left);
			}
		}
		finally {
			this.replyWaiter = null;
		}
	}

	private void written() {
		if (this.unwritten.decrementAndGet() == 0) {
			Thread waiter = this.replyWaiter;
			if (waiter != null) {
				LockSupport.unpark(waiter);
			}
		}
	}

	/**
	 * Close the connection once the messages sent before have been written, so that the
	 * close frame never races a write in progress.
	 * @param status the close status
	 */
	void close(CloseStatus status) {
		if (this.closeRequested.compareAndSet(false, true) && !this.lane.submit(new Single(this, status), 0)) {
			// the lanes have stopped
			process(status, null);
		}
	}

	/**
	 * Report the client slow if its current write has been pending too long.
	 */
	void checkStuck() {
		if (isStuck(System.currentTimeMillis())) {
			slow("a write pending for over " + this.timeLimitMillis + " ms");
		}
	}

	/**
	 * The lanes found this client's write stalled: from now on a thread of its own serves
	 * it, and what the lane has for it waits here.
	 */
	void stalled() {
		this.stalled = true;
	}

	/**
	 * The lanes found this client's write stalled and had no thread to leave it on: the
	 * client is closed as slow.
	 */
	void stalledWithoutThread() {
		slow("a write stalled while too many other clients' writes were stalled");
	}

	/**
	 * Whether a write has been pending for longer than the send time limit.
	 * @return whether the client is stuck
	 */
	boolean isStuck() {
		return isStuck(System.currentTimeMillis());
	}

	private boolean isStuck(long now) {
		long startedAt = this.writeStartedAt;
		return startedAt != 0 && now - startedAt > this.timeLimitMillis;
	}

	private void slow(String why) {
		if (FAILED.compareAndSet(this, 0, 1)) {
			this.waiting.clear();
			if (logger.isDebugEnabled()) {
				logger.debug("Slow consumer on session " + this.session.getId() + ": " + why);
			}
			this.onSlow.run();
		}
	}

	/**
	 * Write a message or carry out a close, on the lane's thread, in the order the lane
	 * got them. While the client is stalled they wait for the thread serving it.
	 * @param item an {@link OutboundMessage}, a {@link WebSocketMessage} or a
	 * {@link CloseStatus}
	 * @param worker the lane's worker
	 */
	void deliverOnLane(Object item, WriteLanes.Worker worker) {
		if (this.failed != 0) {
			return;
		}
		if (this.stalled) {
			synchronized (this) {
				if (this.stalled) {
					enqueue(item);
					return;
				}
			}
		}
		if (process(item, worker)) {
			// the lane has moved on: this thread serves this client alone until it is done
			drainStalled();
		}
	}

	private void enqueue(Object item) {
		if (isStuck(System.currentTimeMillis())) {
			slow("a write pending for over " + this.timeLimitMillis + " ms");
			return;
		}
		if (!(item instanceof CloseStatus)) {
			long queued = this.waitingBytes.addAndGet(length(item));
			if (queued > this.bufferLimit) {
				slow("send buffer over " + this.bufferLimit + " bytes");
				return;
			}
		}
		this.waiting.add(item);
	}

	private void drainStalled() {
		while (true) {
			Object item = this.waiting.poll();
			if (item == null) {
				synchronized (this) {
					if (this.waiting.isEmpty()) {
						this.stalled = false;
						return;
					}
				}
				continue;
			}
			if (!(item instanceof CloseStatus)) {
				this.waitingBytes.addAndGet(-length(item));
			}
			if (this.failed == 0) {
				process(item, null);
			}
		}
	}

	/**
	 * Write a message or carry out a close.
	 * @return whether the lane moved on to a new thread during the write
	 */
	private boolean process(Object item, WriteLanes.@Nullable Worker worker) {
		if (item instanceof CloseStatus status) {
			if (FAILED.compareAndSet(this, 0, 1)) {
				this.waiting.clear();
				this.closer.accept(status);
			}
			return false;
		}
		if (!this.session.isOpen()) {
			return false;
		}
		this.writeStartedAt = System.currentTimeMillis();
		if (worker != null) {
			worker.beginWrite(this);
		}
		synchronized (this.writerLock) {
			this.writer = Thread.currentThread();
		}
		try {
			write(item);
		}
		catch (IOException | RuntimeException ex) {
			failed(ex);
		}
		finally {
			this.writeStartedAt = 0;
			synchronized (this.writerLock) {
				this.writer = null;
				// an abort that came as the write ended must not reach the next one
				Thread.interrupted();
			}
		}
		return worker != null && worker.endWrite();
	}

	/**
	 * Whether a write to this client is in progress.
	 * @return whether a thread is writing
	 */
	boolean isWriting() {
		return this.writeStartedAt != 0;
	}

	/**
	 * Wake the thread blocked in a write to this client once its connection is closed:
	 * the container does not, and the thread would otherwise wait for the rest of its
	 * write timeout before it serves anyone else. The interrupt lands only inside that
	 * write; the write then fails on the closed connection.
	 */
	void abortWrite() {
		synchronized (this.writerLock) {
			Thread thread = this.writer;
			if (thread != null && thread != Thread.currentThread()) {
				thread.interrupt();
			}
		}
	}

	private void failed(Exception ex) {
		boolean first = FAILED.compareAndSet(this, 0, 1);
		this.waiting.clear();
		if (logger.isDebugEnabled()) {
			logger.debug("Write to session " + this.session.getId() + " failed: " + ex);
		}
		if (first) {
			// the connection is dead: make sure the container reports it closed
			this.closer.accept(CloseStatus.NO_CLOSE_FRAME);
		}
	}

	private static long length(Object item) {
		return (item instanceof OutboundMessage message) ? message.length()
				: ((WebSocketMessage<?>) item).getPayloadLength();
	}

	private void write(Object item) throws IOException {
		RemoteEndpoint.Basic remote = this.session.getBasicRemote();
		if (item instanceof OutboundMessage outbound) {
			if (outbound.isText() && this.frames != null) {
				this.frames.sendText(outbound.utf8());
				return;
			}
			item = outbound.toWebSocketMessage();
		}
		WebSocketMessage<?> message = (WebSocketMessage<?>) item;
		TomcatFrames frames = this.frames;
		if (message instanceof TextMessage text) {
			if (frames != null) {
				frames.sendText(StandardCharsets.UTF_8.encode(text.getPayload()));
			}
			else {
				remote.sendText(text.getPayload());
			}
		}
		else if (message instanceof BinaryMessage binary) {
			if (frames != null) {
				frames.sendBinary(binary.getPayload().duplicate());
			}
			else {
				remote.sendBinary(binary.getPayload());
			}
		}
		else if (message instanceof PingMessage ping) {
			if (frames != null) {
				frames.sendPing(ping.getPayload().duplicate());
			}
			else {
				remote.sendPing(ping.getPayload());
			}
		}
	}

	/**
	 * One message, or a close, for one connection.
	 */
	private record Single(OutboundQueue queue, Object item) implements WriteLanes.Task {

		@Override
		public void run(WriteLanes.Worker worker, int from) {
			if (from == 0) {
				try {
					this.queue.deliverOnLane(this.item, worker);
				}
				finally {
					if (!(this.item instanceof CloseStatus)) {
						this.queue.written();
					}
				}
			}
		}

	}

}
