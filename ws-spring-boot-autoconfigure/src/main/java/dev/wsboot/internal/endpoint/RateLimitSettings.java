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

import org.springframework.util.Assert;

/**
 * The inbound rate limit of every connection.
 *
 * @param enabled whether to limit
 * @param messagesPerSecond the steady rate a connection may send at
 * @param burst how many messages a connection may send at once after a quiet period
 * @param floodTimeout how long a connection may keep going over the limit before it is
 * closed with 1008
 * @param maxDrops how many messages may be dropped in one flood before the connection is
 * closed with 1008
 * @author wsboot
 * @since 0.1.0
 */
public record RateLimitSettings(boolean enabled, double messagesPerSecond, int burst, Duration floodTimeout,
		int maxDrops) {

	/**
	 * Create settings.
	 * @param enabled whether to limit
	 * @param messagesPerSecond the steady rate
	 * @param burst the burst
	 * @param floodTimeout how long a flood may last
	 * @param maxDrops how many drops a flood may have
	 */
	public RateLimitSettings {
		Assert.isTrue(messagesPerSecond > 0, "'messagesPerSecond' must be positive");
		Assert.isTrue(burst >= 1, "'burst' must be at least 1");
		Assert.isTrue(maxDrops >= 1, "'maxDrops' must be at least 1");
	}

}
