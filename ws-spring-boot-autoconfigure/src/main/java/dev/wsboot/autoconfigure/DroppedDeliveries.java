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

import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What the Redis registry's delivery executor does when its queue is full: drops the
 * cluster message, counts it, and logs a warning at most every ten seconds. Delivery
 * across nodes is at most once; a node whose delivery thread cannot keep up loses
 * messages rather than memory, and says so.
 *
 * @author wsboot
 */
final class DroppedDeliveries implements RejectedExecutionHandler {

	private static final Log logger = LogFactory.getLog(DroppedDeliveries.class);

	private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong loggedAt = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

	@Override
	public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
		long count = this.dropped.incrementAndGet();
		long now = System.nanoTime();
		long last = this.loggedAt.get();
		if (!executor.isShutdown() && now - last >= LOG_INTERVAL_NANOS && this.loggedAt.compareAndSet(last, now)) {
			logger.warn("Cluster messages are arriving faster than this node delivers them: " + count
					+ " dropped so far (ws.registry.redis.delivery-queue-capacity is " + executor.getQueue().size()
					+ " messages, all waiting)");
		}
	}

	/**
	 * Return how many messages were dropped.
	 * @return the count
	 */
	long dropped() {
		return this.dropped.get();
	}

}
