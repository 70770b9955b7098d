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
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One connection's outbound queue on real lanes, with a stand-in for the container's
 * session whose writes record, block or fail as a test tells them to.
 */
class OutboundQueueTests {

	private final WriteLanes lanes = new WriteLanes(1, Duration.ofMillis(20), 64, DataSize.ofMegabytes(64), 2,
			Duration.ofSeconds(5));

	private final StandInSession session = new StandInSession();

	private final AtomicInteger slow = new AtomicInteger();

	private final List<CloseStatus> closes = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.session.release.countDown();
		this.lanes.stop();
	}

	private OutboundQueue queue(long bufferLimit, long timeLimitMillis) {
		return new OutboundQueue(this.session.proxy(), this.lanes.assign(), bufferLimit, timeLimitMillis,
				this.slow::incrementAndGet, this.closes::add);
	}

	@Test
	void writesInOrderAndClosesAfterWhatWasSentBefore() {
		OutboundQueue queue = queue(512 * 1024, 10_000);
		for (int i = 0; i < 1000; i++) {
			queue.send(new TextMessage("m" + i));
		}
		queue.close(CloseStatus.GOING_AWAY);
		queue.send(new TextMessage("after the close"));
		await().until(() -> this.closes.size() == 1);
		assertThat(this.session.written).hasSize(1000);
		for (int i = 0; i < 1000; i++) {
			assertThat(this.session.written.get(i)).isEqualTo("m" + i);
		}
		assertThat(this.closes).containsExactly(CloseStatus.GOING_AWAY);
	}

	@Test
	void queuesOneCloseHoweverOftenItIsAskedFor() {
		OutboundQueue queue = queue(512 * 1024, 10_000);
		for (int i = 0; i < 100; i++) {
			queue.close(CloseStatus.NORMAL);
		}
		await().until(() -> this.closes.size() == 1);
		assertThat(this.lanes.backlogBytes()).isZero();
		queue.send(new TextMessage("late"));
		await().during(Duration.ofMillis(100)).until(() -> this.closes.size() == 1);
		assertThat(this.session.written).isEmpty();
	}

	@Test
	void aFailedWriteClosesTheConnectionOnceAndDropsWhatFollows() {
		OutboundQueue queue = queue(512 * 1024, 10_000);
		this.session.failWrites = true;
		queue.send(new TextMessage("fails"));
		queue.send(new TextMessage("dropped"));
		await().until(() -> this.closes.size() == 1);
		assertThat(this.closes).containsExactly(CloseStatus.NO_CLOSE_FRAME);
		assertThat(this.session.attempts).hasValue(1);
		assertThat(this.slow).hasValue(0);
	}

	@Test
	void aClientOverTheBufferLimitWhileStalledIsReportedSlowOnce() {
		OutboundQueue queue = queue(10_000, 60_000);
		this.session.blockWrites = true;
		queue.send(new TextMessage("blocks"));
		await().until(queue::isWriting);
		// the lane moves on to a new thread, and what follows waits for the stalled client
		await().until(() -> this.lanes.stalledThreads() == 1);
		for (int i = 0; i < 20; i++) {
			queue.send(new TextMessage("x".repeat(1000)));
		}
		await().until(() -> this.slow.get() == 1);
		queue.send(new TextMessage("after"));
		assertThat(this.slow).hasValue(1);
	}

	@Test
	void aWritePendingPastTheTimeLimitIsReportedSlowEvenWithNothingNewToSend() {
		OutboundQueue queue = queue(512 * 1024, 1000);
		this.session.blockWrites = true;
		queue.send(new TextMessage("blocks"));
		await().until(queue::isWriting);
		queue.checkStuck();
		assertThat(this.slow).hasValue(0);
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			queue.checkStuck();
			return this.slow.get() == 1;
		});
		assertThat(queue.isStuck()).isTrue();
	}

	@Test
	void anAbortWakesTheThreadBlockedWritingToTheClient() {
		OutboundQueue queue = queue(512 * 1024, 60_000);
		this.session.blockWrites = true;
		queue.send(new TextMessage("blocks"));
		await().until(queue::isWriting);
		queue.abortWrite();
		await().atMost(Duration.ofSeconds(5)).until(() -> !queue.isWriting());
		assertThat(this.session.interrupted).hasValue(1);
		assertThat(this.closes).containsExactly(CloseStatus.NO_CLOSE_FRAME);
	}

	/**
	 * Stands in for the container's session: its basic remote records text, blocks until
	 * released or interrupted, or fails.
	 */
	static final class StandInSession {

		final List<String> written = new CopyOnWriteArrayList<>();

		final AtomicInteger attempts = new AtomicInteger();

		final AtomicInteger interrupted = new AtomicInteger();

		final CountDownLatch release = new CountDownLatch(1);

		volatile boolean failWrites;

		volatile boolean blockWrites;

		private final Map<String, Object> userProperties = new HashMap<>();

		Session proxy() {
			RemoteEndpoint.Basic basic = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { RemoteEndpoint.Basic.class }, (proxy, method, args) -> {
						if (method.getName().equals("sendText")) {
							this.attempts.incrementAndGet();
							if (this.failWrites) {
								throw new IOException("Broken pipe");
							}
							if (this.blockWrites) {
								try {
									this.release.await(60, TimeUnit.SECONDS);
								}
								catch (InterruptedException ex) {
									this.interrupted.incrementAndGet();
									throw new IOException("closed while writing");
								}
							}
							this.written.add((String) args[0]);
						}
						return null;
					});
			return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Session.class },
					(proxy, method, args) -> switch (method.getName()) {
						case "getBasicRemote" -> basic;
						case "isOpen" -> true;
						case "getId" -> "stand-in";
						case "getUserProperties" -> this.userProperties;
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == args[0];
						case "toString" -> "StandInSession";
						default -> null;
					});
		}

	}

}
