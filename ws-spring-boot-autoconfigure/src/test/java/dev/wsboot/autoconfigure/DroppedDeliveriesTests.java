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

package dev.wsboot.autoconfigure;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis registry's delivery executor, as the auto-configuration builds it, holds at
 * most its capacity of cluster messages; past that a message is dropped and counted,
 * and the thread that hands it over (the Redis client's) never waits.
 */
class DroppedDeliveriesTests {

	@Test
	void dropsAndCountsWhatGoesOverTheQueueWithoutBlockingTheCaller() throws Exception {
		ThreadPoolTaskExecutor delivery = WsRedisRegistryAutoConfiguration.deliveryExecutor(3);
		DroppedDeliveries dropped = (DroppedDeliveries) delivery.getThreadPoolExecutor().getRejectedExecutionHandler();
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger delivered = new AtomicInteger();
		try {
			delivery.execute(() -> {
				try {
					release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			await().until(() -> delivery.getActiveCount() == 1);
			long started = System.nanoTime();
			for (int i = 0; i < 10; i++) {
				delivery.execute(delivered::incrementAndGet);
			}
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000);
			assertThat(dropped.dropped()).isEqualTo(7);
			release.countDown();
			await().until(() -> delivered.get() == 3);
		}
		finally {
			release.countDown();
			delivery.shutdown();
		}
	}

}
