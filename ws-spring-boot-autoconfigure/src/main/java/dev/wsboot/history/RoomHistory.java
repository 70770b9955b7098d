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

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a query of a room's history returns: some of its messages, oldest first, and the
 * room's current position.
 *
 * @param room the room
 * @param position the room's current position: the offset of its last message (0 if
 * none was ever sent in this epoch) and its epoch; {@code null} if the room has no
 * history yet (no message was sent to it and no member joined it since its history
 * started or was lost): reading a history never starts one
 * @param messages the messages, oldest first
 * @param complete whether the messages follow the position asked for with none lost in
 * between: {@code false} when the epoch changed or the messages after that position were
 * dropped (by size or age); always {@code true} for a query of the latest messages
 * @author wsboot
 * @since 0.1.0
 */
public record RoomHistory(String room, @Nullable HistoryPosition position, List<HistoryMessage> messages, boolean complete) {

	/**
	 * Create a result.
	 * @param room the room
	 * @param position the room's current position, or {@code null} if it has none yet
	 * @param messages the messages, oldest first
	 * @param complete whether none was lost since the position asked for
	 */
	public RoomHistory {
		messages = List.copyOf(messages);
	}

}
