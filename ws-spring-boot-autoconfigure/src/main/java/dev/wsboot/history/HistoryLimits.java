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
 * The bounds of a registry's room histories, whatever each room keeps.
 *
 * @param maxReplay the most messages replayed to a client recovering a room; a longer
 * gap is not recovered
 * @param positionTtl how long a room's position (its epoch and last offset) outlives its
 * last message or join: a client that comes back within it, with nothing missed, recovers
 * even after the messages expired
 * @param maxRooms the most rooms whose history one node keeps in memory (the in-memory
 * registry; Redis is bounded by the TTLs and its own memory limit)
 * @author wsboot
 * @since 0.1.0
 */
public record HistoryLimits(int maxReplay, Duration positionTtl, int maxRooms) {

	/** The defaults: 300 messages replayed, positions kept for a day, 10,000 rooms. */
	public static final HistoryLimits DEFAULTS = new HistoryLimits(300, Duration.ofDays(1), 10_000);

	/**
	 * Create limits.
	 * @param maxReplay the most messages replayed, 1 to {@value HistorySettings#MAX_SIZE}
	 * @param positionTtl how long a position outlives its last use, at least one second
	 * @param maxRooms the most rooms kept in memory, at least 1
	 */
	public HistoryLimits {
		Assert.isTrue(maxReplay >= 1 && maxReplay <= HistorySettings.MAX_SIZE,
				() -> "ws.history.max-replay must be 1 to " + HistorySettings.MAX_SIZE + ", not " + maxReplay);
		Assert.isTrue(positionTtl != null && positionTtl.compareTo(Duration.ofSeconds(1)) >= 0,
				() -> "ws.history.position-ttl must be at least 1s, not " + positionTtl);
		Assert.isTrue(maxRooms >= 1, () -> "ws.history.max-rooms must be at least 1, not " + maxRooms);
	}

}
