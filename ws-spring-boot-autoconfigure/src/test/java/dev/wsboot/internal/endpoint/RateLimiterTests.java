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

package dev.wsboot.internal.endpoint;

import java.time.Duration;

import dev.wsboot.internal.endpoint.RateLimiter.Decision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token bucket of one connection, driven by a clock the test sets.
 */
class RateLimiterTests {

	private static final long SECOND = 1_000_000_000L;

	private final RateLimitSettings settings = new RateLimitSettings(true, 50, 100, Duration.ofSeconds(3), 1000);

	@Test
	void acceptsABurstThenDropsTheNextMessage() {
		RateLimiter limiter = new RateLimiter(this.settings, 0);
		for (int i = 0; i < 100; i++) {
			assertThat(limiter.acquire(0)).as("message %d of the burst", i).isEqualTo(Decision.ACCEPT);
		}
		assertThat(limiter.acquire(0)).isEqualTo(Decision.DROP);
	}

	@Test
	void refillsAtTheSteadyRateUpToTheBurstOnly() {
		RateLimiter limiter = new RateLimiter(this.settings, 0);
		for (int i = 0; i < 100; i++) {
			limiter.acquire(0);
		}
		// 50 a second: 10 tokens after 200 ms
		long now = SECOND / 5;
		for (int i = 0; i < 10; i++) {
			assertThat(limiter.acquire(now)).isEqualTo(Decision.ACCEPT);
		}
		assertThat(limiter.acquire(now)).isEqualTo(Decision.DROP);
		// an hour of quiet refills the burst, not more
		now += 3600 * SECOND;
		int accepted = 0;
		while (limiter.acquire(now) == Decision.ACCEPT) {
			accepted++;
		}
		assertThat(accepted).isEqualTo(100);
	}

	@Test
	void closesAFloodThatLastsLongerThanTheFloodTimeout() {
		RateLimiter limiter = new RateLimiter(new RateLimitSettings(true, 1, 1, Duration.ofSeconds(3), 1_000_000), 0);
		assertThat(limiter.acquire(0)).isEqualTo(Decision.ACCEPT);
		long now = 0;
		Decision decision = Decision.DROP;
		// a message every 10 ms, each over the limit but for the one a second refills
		while (decision != Decision.CLOSE && now < 10 * SECOND) {
			now += SECOND / 100;
			decision = limiter.acquire(now);
		}
		assertThat(decision).isEqualTo(Decision.CLOSE);
		assertThat(now).isGreaterThan(3 * SECOND).isLessThan(4 * SECOND);
	}

	@Test
	void closesAFloodThatDropsMoreThanTheLimit() {
		RateLimiter limiter = new RateLimiter(new RateLimitSettings(true, 1, 1, Duration.ofHours(1), 10), 0);
		limiter.acquire(0);
		for (int i = 0; i < 10; i++) {
			assertThat(limiter.acquire(1)).isEqualTo(Decision.DROP);
		}
		assertThat(limiter.acquire(1)).isEqualTo(Decision.CLOSE);
	}

	@Test
	void forgetsAFloodAfterAPauseOfASecond() {
		RateLimiter limiter = new RateLimiter(new RateLimitSettings(true, 0.001, 1, Duration.ofHours(1), 10), 0);
		limiter.acquire(0);
		for (int i = 0; i < 10; i++) {
			assertThat(limiter.acquire(1)).isEqualTo(Decision.DROP);
		}
		// a pause longer than a second starts a new count of drops
		long later = 1 + SECOND + 1;
		for (int i = 0; i < 10; i++) {
			assertThat(limiter.acquire(later)).isEqualTo(Decision.DROP);
		}
		assertThat(limiter.acquire(later)).isEqualTo(Decision.CLOSE);
	}

}
