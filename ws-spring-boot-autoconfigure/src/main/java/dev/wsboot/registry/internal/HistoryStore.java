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

import dev.wsboot.history.HistoryPosition;
import dev.wsboot.history.HistorySettings;
import dev.wsboot.history.RoomHistory;
import org.jspecify.annotations.Nullable;

/**
 * Where a registry keeps the history of its rooms: in memory on one node, or in Redis
 * streams for a cluster. Appending is the registry's own, as it goes with publishing.
 *
 * @author wsboot
 */
public interface HistoryStore {

	/**
	 * Return a room's current position, starting its history (and choosing its epoch) if
	 * it has none.
	 * @param room the room
	 * @param settings the room's history settings
	 * @return the position of the room's last message, offset 0 if none
	 */
	HistoryPosition position(String room, HistorySettings settings);

	/**
	 * Read a room's history for a member that joined it, starting the history (and
	 * choosing its epoch) if it has none.
	 * @param room the room
	 * @param settings the room's history settings
	 * @param since the position to read after, or {@code null} for the latest messages
	 * @param limit the most messages to return
	 * @param allOrNothing with a position: return no message at all unless every message
	 * after it is there and they are at most {@code limit}
	 * @return the messages and the room's position; not complete, and no messages, for a
	 * position of another epoch or ahead of the room (see {@link #isAhead})
	 */
	RoomHistory read(String room, HistorySettings settings, @Nullable HistoryPosition since, int limit,
			boolean allOrNothing);

	/**
	 * Read a room's history for a query, without starting or prolonging it: a room that
	 * has none yet gets an empty result with no position, so that reading rooms by name
	 * (for example on an HTTP request) costs no memory.
	 * @param room the room
	 * @param settings the room's history settings
	 * @param since the position to read after, or {@code null} for the latest messages
	 * @param limit the most messages to return
	 * @return the messages and the room's position, if it has one; not complete for a
	 * position of another epoch or of a history that is gone
	 */
	RoomHistory query(String room, HistorySettings settings, @Nullable HistoryPosition since, int limit);

	/**
	 * Wait until messages broadcast to a room from now on reach this node's members of it
	 * (a clustered store subscribes to the room's channel when its first member joins).
	 * @param room the room
	 */
	default void awaitLive(String room) {
	}

	/**
	 * Whether a position is ahead of what a room ever had in its epoch: a position no
	 * client was given.
	 * @param since the position
	 * @param history what a read returned
	 * @return {@code true} if it is ahead
	 */
	static boolean isAhead(HistoryPosition since, RoomHistory history) {
		HistoryPosition position = history.position();
		return position != null && since.epoch().equals(position.epoch()) && since.offset() > position.offset();
	}

}
