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

package dev.wsboot.history;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How much of a room's history is kept: at most {@code size} messages, each for at most
 * {@code ttl}. Both are required: a history with no bound in count or in time is not
 * offered.
 *
 * @param size the most messages kept, 1 to {@value #MAX_SIZE}
 * @param ttl how long a message is kept, at least one second
 * @author wsboot
 * @since 0.1.0
 */
public record HistorySettings(int size, Duration ttl) {

	/** The most messages a room's history may keep. */
	public static final int MAX_SIZE = 10_000;

	/**
	 * Create settings.
	 * @param size the most messages kept, 1 to {@value #MAX_SIZE}
	 * @param ttl how long a message is kept, at least one second
	 * @throws IllegalArgumentException if either is out of range
	 */
	public HistorySettings {
		Assert.isTrue(size >= 1 && size <= MAX_SIZE,
				() -> "History size must be 1 to " + MAX_SIZE + " messages, not " + size);
		Assert.notNull(ttl, "History ttl is required");
		Assert.isTrue(ttl.compareTo(Duration.ofSeconds(1)) >= 0, () -> "History ttl must be at least 1s, not " + ttl);
	}

	/**
	 * Create settings.
	 * @param size the most messages kept, 1 to {@value #MAX_SIZE}
	 * @param ttl how long a message is kept, at least one second
	 * @return the settings
	 */
	public static HistorySettings of(int size, Duration ttl) {
		return new HistorySettings(size, ttl);
	}

}
