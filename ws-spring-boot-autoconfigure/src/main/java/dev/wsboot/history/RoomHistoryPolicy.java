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

import org.jspecify.annotations.Nullable;

/**
 * Decides which rooms keep a history, and how much. The starter builds one from the
 * {@code ws.history.rooms} patterns of {@code application.yml}; an application that
 * decides per room in code (a support ticket's room, a game's) declares a bean of this
 * type instead. Every node of a cluster runs the same code and so reaches the same answer.
 * It is asked on every broadcast and join of a room, so it must be fast and must not
 * block.
 *
 * @author wsboot
 * @since 0.1.0
 */
@FunctionalInterface
public interface RoomHistoryPolicy {

	/**
	 * Return how much history a room keeps.
	 * @param room the room
	 * @return the settings, or {@code null} if the room keeps no history
	 */
	@Nullable HistorySettings historyFor(String room);

	/**
	 * Return the policy of an application that keeps no history.
	 * @return a policy that answers {@code null} for every room
	 */
	static RoomHistoryPolicy none() {
		return (room) -> null;
	}

}
