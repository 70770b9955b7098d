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

package dev.wsboot.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Sends at a fixed rate, open loop: the n-th send is due at {@code start + n / rate}
 * whatever the server does, so a slow server shows up as latency and loss rather than as
 * a lower offered rate.
 *
 * @author wsboot
 */
final class Pacer {

	private Pacer() {
	}

	/**
	 * Call {@code send} {@code rate} times a second for {@code seconds}.
	 * @param rate the sends per second
	 * @param seconds how long
	 * @param send called with the send's index
	 * @return how many sends were made
	 */
	static long run(double rate, double seconds, LongConsumer send) {
		long interval = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
		long count = (long) (rate * seconds);
		long start = System.nanoTime();
		for (long i = 0; i < count; i++) {
			long due = start + i * interval;
			long wait;
			while ((wait = due - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
			send.accept(i);
		}
		return count;
	}

}
