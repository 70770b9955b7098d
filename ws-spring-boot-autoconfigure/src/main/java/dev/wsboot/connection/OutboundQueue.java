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

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * One connection's outbound path: a bounded queue written by one send at a time through
 * the container's asynchronous remote endpoint. No caller ever waits for the client: a
 * send only enqueues, and the write of the next message starts when the previous one
 * completes. A client that lets more than the buffer limit pile up, or leaves one write
 * pending longer than the time limit, is reported slow once and gets nothing more. A
 * close requested by the server waits for the write in progress, so that the container's
 * close frame never races it; a failed write closes the connection, since the container
 * does not always report a connection closed after an asynchronous write failed.
 *
 * @author wsboot
 */
final class OutboundQueue {

	private static final Log logger = LogFactory.getLog(OutboundQueue.class);

	/**
	 * Runs closes off the sending threads and the container's I/O threads: closing a
	 * client whose write is stuck waits for the container's close timeout. Its threads
	 * end after a minute without work.
	 */
	static final Executor CLOSER = Executors.newCachedThreadPool(daemonThreads("ws-close-"));

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

	private final Session session;

	private final RemoteEndpoint.Async remote;

	private final long bufferLimit;

	private final long timeLimitMillis;

	private final Runnable onSlow;

	private final Consumer<CloseStatus> closer;

	private final Queue<WebSocketMessage<?>> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong queuedBytes = new AtomicLong();

	private final AtomicBoolean inFlight = new AtomicBoolean();

	private final AtomicBoolean failed = new AtomicBoolean();

	private volatile long writeStartedAt;

	private volatile @Nullable CloseStatus pendingClose;

	OutboundQueue(Session session, long bufferLimit, long timeLimitMillis, Runnable onSlow,
			Consumer<CloseStatus> closer) {
		this.session = session;
		this.remote = session.getAsyncRemote();
		this.bufferLimit = bufferLimit;
		this.timeLimitMillis = timeLimitMillis;
		this.onSlow = onSlow;
		this.closer = closer;
	}

	/**
	 * Queue a message and start writing it if nothing is being written.
	 * @param message the message
	 */
	void send(WebSocketMessage<?> message) {
		if (this.failed.get()) {
			return;
		}
		long queued = this.queuedBytes.addAndGet(message.getPayloadLength());
		this.queue.add(message);
		if (queued > this.bufferLimit || isStuck(System.currentTimeMillis())) {
			slow(queued > this.bufferLimit ? "send buffer over " + this.bufferLimit + " bytes"
					: "a write pending for over " + this.timeLimitMillis + " ms");
			return;
		}
		drain();
	}

	/**
	 * Close the connection once the messages queued before have been written, so that
	 * the close frame never races a write in progress.
	 * @param status the close status
	 */
	void close(CloseStatus status) {
		this.pendingClose = status;
		drain();
	}

	/**
	 * Report the client slow if its current write has been pending too long.
	 */
	void checkStuck() {
		if (isStuck(System.currentTimeMillis())) {
			slow("a write pending for over " + this.timeLimitMillis + " ms");
		}
	}

	private boolean isStuck(long now) {
		long startedAt = this.writeStartedAt;
		return startedAt != 0 && now - startedAt > this.timeLimitMillis;
	}

	private void slow(String why) {
		if (this.failed.compareAndSet(false, true)) {
			this.queue.clear();
			if (logger.isDebugEnabled()) {
				logger.debug("Slow consumer on session " + this.session.getId() + ": " + why);
			}
			this.onSlow.run();
		}
	}

	private void drain() {
		while (this.inFlight.compareAndSet(false, true)) {
			if (this.failed.get() || !this.session.isOpen()) {
				this.queue.clear();
				this.inFlight.set(false);
				closeIfRequested();
				return;
			}
			WebSocketMessage<?> message = this.queue.poll();
			if (message == null) {
				this.inFlight.set(false);
				if (closeIfRequested()) {
					return;
				}
				if (this.queue.isEmpty()) {
					return;
				}
				continue;
			}
			Completion completion = new Completion(message.getPayloadLength());
			this.writeStartedAt = System.currentTimeMillis();
			try {
				write(message, completion);
			}
			catch (RuntimeException | java.io.IOException ex) {
				completion.onResult(new SendResult(this.session, ex));
			}
			if (completion.returned()) {
				return;
			}
		}
	}

	/**
	 * Run a requested close, once, when no write is in progress.
	 * @return whether a close was requested
	 */
	private boolean closeIfRequested() {
		CloseStatus status = this.pendingClose;
		if (status == null || this.inFlight.get()) {
			return false;
		}
		this.pendingClose = null;
		this.failed.set(true);
		this.queue.clear();
		this.closer.accept(status);
		return true;
	}

	private void write(WebSocketMessage<?> message, Completion completion) throws java.io.IOException {
		if (message instanceof TextMessage text) {
			this.remote.sendText(text.getPayload(), completion);
		}
		else if (message instanceof BinaryMessage binary) {
			this.remote.sendBinary(binary.getPayload(), completion);
		}
		else if (message instanceof PingMessage ping) {
			ByteBuffer payload = ping.getPayload();
			this.remote.sendPing(payload);
			completion.onResult(new SendResult(this.session));
		}
		else {
			completion.onResult(new SendResult(this.session));
		}
	}

	/**
	 * Completes one write and, unless the write completed before the call that started it
	 * returned (then that caller carries on), starts the next one.
	 */
	private final class Completion implements SendHandler {

		private static final int PENDING = 0;

		private static final int RETURNED = 1;

		private static final int COMPLETED = 2;

		private final AtomicInteger state = new AtomicInteger(PENDING);

		private final long size;

		Completion(long size) {
			this.size = size;
		}

		@Override
		public void onResult(SendResult result) {
			OutboundQueue.this.queuedBytes.addAndGet(-this.size);
			OutboundQueue.this.writeStartedAt = 0;
			if (!result.isOK()) {
				boolean first = OutboundQueue.this.failed.compareAndSet(false, true);
				OutboundQueue.this.queue.clear();
				if (logger.isDebugEnabled()) {
					logger.debug("Write to session " + OutboundQueue.this.session.getId() + " failed: "
							+ result.getException());
				}
				if (first) {
					// the connection is dead: make sure the container reports it closed
					OutboundQueue.this.closer.accept(CloseStatus.NO_CLOSE_FRAME);
				}
			}
			OutboundQueue.this.inFlight.set(false);
			if (!this.state.compareAndSet(PENDING, COMPLETED)) {
				drain();
			}
		}

		boolean returned() {
			return this.state.compareAndSet(PENDING, RETURNED);
		}

	}

}
