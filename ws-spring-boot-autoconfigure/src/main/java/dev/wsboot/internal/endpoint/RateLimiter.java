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

/**
 * A per-connection token bucket for inbound messages: refills at a steady rate up to a
 * burst, and tells a flood (messages dropped without a break of a second, for longer than
 * the flood timeout or beyond the drop limit) from an occasional spike. Used by one
 * connection's thread at a time; not thread-safe.
 *
 * @author wsboot
 */
final class RateLimiter {

	private static final long PAUSE_NANOS = 1_000_000_000L;

	private final RateLimitSettings settings;

	private double tokens;

	private long refilledAt;

	private long floodStartedAt;

	private long lastDropAt;

	private int dropsInFlood;

	RateLimiter(RateLimitSettings settings, long now) {
		this.settings = settings;
		this.tokens = settings.burst();
		this.refilledAt = now;
	}

	/**
	 * Take a token for one message.
	 * @param now the current {@link System#nanoTime()}
	 * @return what to do with the message
	 */
	Decision acquire(long now) {
		this.tokens = Math.min(this.settings.burst(),
				this.tokens + (now - this.refilledAt) * this.settings.messagesPerSecond() / 1e9);
		this.refilledAt = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return Decision.ACCEPT;
		}
		if (this.dropsInFlood == 0 || now - this.lastDropAt > PAUSE_NANOS) {
			this.floodStartedAt = now;
			this.dropsInFlood = 0;
		}
		this.lastDropAt = now;
		this.dropsInFlood++;
		if (now - this.floodStartedAt > this.settings.floodTimeout().toNanos()
				|| this.dropsInFlood > this.settings.maxDrops()) {
			return Decision.CLOSE;
		}
		return Decision.DROP;
	}

	enum Decision {

		/** Handle the message. */
		ACCEPT,

		/** Drop the message and tell the client. */
		DROP,

		/** The client keeps flooding: close the connection. */
		CLOSE

	}

}
