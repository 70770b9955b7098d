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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lanes on their own, with tasks in place of writes: order, the hard bound of a
 * lane's backlog, closes, and a stop that drains, ends the threads and can start again.
 */
class WriteLanesTests {

	private final WriteLanes lanes = new WriteLanes(2, Duration.ofMillis(20), 64, DataSize.ofBytes(1000), 2,
			Duration.ofSeconds(5));

	@AfterEach
	void stop() {
		this.lanes.stop();
	}

	@Test
	void runsOneSendersTasksInOrder() {
		WriteLanes.Lane lane = this.lanes.assign();
		List<Integer> seen = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			int n = i;
			assertThat(lane.submit((worker, from) -> seen.add(n), 0)).isTrue();
		}
		await().until(() -> seen.size() == 10_000);
		for (int i = 0; i < 10_000; i++) {
			assertThat(seen.get(i)).isEqualTo(i);
		}
	}

	@Test
	void dropsAndCountsWhatGoesOverTheBacklogLimitAfterWaiting() throws Exception {
		WriteLanes.Lane lane = this.lanes.assign();
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger ran = new AtomicInteger();
		lane.submit((worker, from) -> waitFor(release), 0);
		for (int i = 0; i < 10; i++) {
			assertThat(lane.submit((worker, from) -> ran.incrementAndGet(), 100)).isTrue();
		}
		assertThat(this.lanes.backlogBytes()).isEqualTo(1000);
		long started = System.nanoTime();
		assertThat(lane.submit((worker, from) -> ran.incrementAndGet(), 100)).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the sender waited for room first")
			.isGreaterThanOrEqualTo(Duration.ofMillis(900));
		assertThat(this.lanes.droppedMessages()).isEqualTo(1);
		assertThat(lane.submit((worker, from) -> ran.incrementAndGet(), 0)).as("a close is always taken").isTrue();
		release.countDown();
		await().until(() -> ran.get() == 11);
		assertThat(this.lanes.backlogBytes()).isZero();
	}

	@Test
	void aSenderWaitingForRoomGoesOnOnceTheLaneCatchesUp() throws Exception {
		WriteLanes.Lane lane = this.lanes.assign();
		CountDownLatch release = new CountDownLatch(1);
		lane.submit((worker, from) -> waitFor(release), 0);
		lane.submit((worker, from) -> {
		}, 1000);
		new Thread(() -> {
			sleepQuietly(200);
			release.countDown();
		}).start();
		assertThat(lane.submit((worker, from) -> {
		}, 500)).isTrue();
		assertThat(this.lanes.droppedMessages()).isZero();
	}

	@Test
	void stopWritesWhatWasQueuedThenEndsItsThreadsAndDropsLaterWork() {
		WriteLanes.Lane lane = this.lanes.assign();
		AtomicInteger ran = new AtomicInteger();
		AtomicReference<Thread> laneThread = new AtomicReference<>();
		for (int i = 0; i < 100; i++) {
			lane.submit((worker, from) -> {
				laneThread.set(Thread.currentThread());
				sleepQuietly(1);
				ran.incrementAndGet();
			}, 10);
		}
		this.lanes.stop();
		assertThat(ran).hasValue(100);
		assertThat(laneThread.get().isAlive()).isFalse();
		assertThat(this.lanes.isRunning()).isFalse();
		assertThat(lane.submit((worker, from) -> ran.incrementAndGet(), 10)).isFalse();
		assertThat(this.lanes.droppedMessages()).isEqualTo(1);
		AtomicReference<Thread> closedOn = new AtomicReference<>();
		this.lanes.close(() -> closedOn.set(Thread.currentThread()));
		assertThat(closedOn).as("a close after the stop runs in the caller").hasValue(Thread.currentThread());
	}

	@Test
	void startsAgainAfterAStop() {
		WriteLanes.Lane lane = this.lanes.assign();
		this.lanes.stop();
		this.lanes.start();
		assertThat(this.lanes.isRunning()).isTrue();
		AtomicInteger ran = new AtomicInteger();
		assertThat(lane.submit((worker, from) -> ran.incrementAndGet(), 10)).isTrue();
		await().until(() -> ran.get() == 1);
		CountDownLatch closed = new CountDownLatch(1);
		this.lanes.close(closed::countDown);
		await().until(() -> closed.getCount() == 0);
	}

	@Test
	void closesRunOffTheCallingThread() throws Exception {
		this.lanes.assign();
		AtomicReference<String> closedOn = new AtomicReference<>();
		CountDownLatch closed = new CountDownLatch(1);
		this.lanes.close(() -> {
			closedOn.set(Thread.currentThread().getName());
			closed.countDown();
		});
		assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(closedOn.get()).startsWith("ws-close-");
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
