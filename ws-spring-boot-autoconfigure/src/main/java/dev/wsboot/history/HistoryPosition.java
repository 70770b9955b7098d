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

import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * Where a message stands in its room's history: its offset, counted from 1 for the first
 * message of the room, and the epoch of the history. The epoch changes when the history
 * was lost (Redis flushed or restarted empty, the room's history expired, an in-memory
 * node restarted); offsets of different epochs cannot be compared.
 *
 * @param epoch the history's epoch, 1 to {@value #MAX_EPOCH_LENGTH} letters and digits
 * @param offset the offset, 0 (nothing yet) to {@value #MAX_OFFSET}
 * @author wsboot
 * @since 0.1.0
 */
public record HistoryPosition(String epoch, long offset) {

	/** The longest epoch. */
	public static final int MAX_EPOCH_LENGTH = 32;

	/** The largest offset: the largest integer a JavaScript number holds exactly. */
	public static final long MAX_OFFSET = 9_007_199_254_740_991L;

	private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9]{1," + MAX_EPOCH_LENGTH + "}");

	/**
	 * Create a position.
	 * @param epoch the history's epoch
	 * @param offset the offset
	 * @throws IllegalArgumentException if the epoch or the offset is out of bounds
	 */
	public HistoryPosition {
		Assert.isTrue(epoch != null && EPOCH.matcher(epoch).matches(),
				"Epoch must be 1 to " + MAX_EPOCH_LENGTH + " letters and digits");
		Assert.isTrue(offset >= 0 && offset <= MAX_OFFSET, "Offset must be 0 to " + MAX_OFFSET);
	}

}
