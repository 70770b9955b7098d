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

package dev.wsboot.registry.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wsboot.history.HistoryPosition;
import dev.wsboot.registry.RoomNames;
import org.jspecify.annotations.Nullable;

/**
 * The positions a reconnecting client presents, one {@value #PARAMETER} query parameter
 * per room: {@code room:epoch:offset}, read from the right, so that the room's name may
 * hold colons. Read within bounds: at most a number of rooms, each value of bounded
 * length, a valid room name, an epoch of letters and digits, an offset of at most 16
 * digits; what breaks a bound is reported, never used.
 *
 * @param positions the valid positions, by room
 * @param problems what was wrong with the others, at most {@value #MAX_PROBLEMS}
 * @param rejected how many values were not used
 * @author wsboot
 */
public record RecoveryPositions(Map<String, HistoryPosition> positions, List<String> problems, int rejected) {

	/** The query parameter that carries positions. */
	public static final String PARAMETER = "recover";

	/** No positions. */
	public static final RecoveryPositions NONE = new RecoveryPositions(Map.of(), List.of(), 0);

	private static final int MAX_PROBLEMS = 3;

	private static final int MAX_OFFSET_DIGITS = 16;

	/**
	 * Read the positions of a handshake.
	 * @param values the values of the {@value #PARAMETER} query parameter
	 * @param maxRooms the most positions read; the rest are rejected
	 * @param maxRoomBytes the longest room name in UTF-8 bytes, 0 for no limit
	 * @return the positions
	 */
	public static RecoveryPositions read(List<String> values, int maxRooms, int maxRoomBytes) {
		if (values.isEmpty()) {
			return NONE;
		}
		Map<String, HistoryPosition> positions = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		int rejected = 0;
		int maxLength = ((maxRoomBytes > 0) ? maxRoomBytes : 1024) + HistoryPosition.MAX_EPOCH_LENGTH
				+ MAX_OFFSET_DIGITS + 2;
		for (String value : values) {
			String problem;
			if (positions.size() >= maxRooms) {
				problem = "Too many recovery positions: at most " + maxRooms;
			}
			else if (value.length() > maxLength) {
				problem = "Recovery position too long: at most " + maxLength + " characters";
			}
			else {
				problem = readOne(value, maxRoomBytes, positions);
			}
			if (problem != null) {
				rejected++;
				if (problems.size() < MAX_PROBLEMS) {
					problems.add(problem);
				}
			}
		}
		return new RecoveryPositions(Collections.unmodifiableMap(positions), List.copyOf(problems), rejected);
	}

	private static @Nullable String readOne(String value, int maxRoomBytes,
			Map<String, HistoryPosition> positions) {
		int offsetAt = value.lastIndexOf(':');
		int epochAt = (offsetAt > 0) ? value.lastIndexOf(':', offsetAt - 1) : -1;
		if (epochAt <= 0) {
			return "Malformed recovery position: expected room:epoch:offset";
		}
		String room = value.substring(0, epochAt);
		String epoch = value.substring(epochAt + 1, offsetAt);
		String digits = value.substring(offsetAt + 1);
		if (digits.isEmpty() || digits.length() > MAX_OFFSET_DIGITS || !digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return "Malformed recovery offset: expected 0 to " + HistoryPosition.MAX_OFFSET;
		}
		long offset = Long.parseLong(digits);
		HistoryPosition position;
		try {
			RoomNames.check(room, maxRoomBytes);
			position = new HistoryPosition(epoch, offset);
		}
		catch (IllegalArgumentException ex) {
			return "Malformed recovery position: " + ex.getMessage();
		}
		if (positions.putIfAbsent(room, position) != null) {
			return "Two recovery positions for one room";
		}
		return null;
	}

	/**
	 * Return the one message an error frame tells the client: the first problems, and
	 * how many values were not used.
	 * @return the message, or {@code null} if every value was used
	 */
	public @Nullable String problem() {
		if (this.rejected == 0) {
			return null;
		}
		return String.join("; ", this.problems) + ((this.rejected > 1) ? " (" + this.rejected + " positions not used)" : "");
	}

}
