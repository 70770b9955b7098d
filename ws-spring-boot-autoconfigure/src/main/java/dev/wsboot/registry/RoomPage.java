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

package dev.wsboot.registry;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A page of the rooms with members, in the order of their names, each with its number of
 * members.
 *
 * @param rooms the rooms of this page, at most the limit asked for
 * @param next the cursor of the next page (the last room name of this page), or
 * {@code null} when this is the last page
 * @author wsboot
 * @since 0.1.0
 */
public record RoomPage(List<Room> rooms, @Nullable String next) {

	/**
	 * The largest page a query may ask for.
	 */
	public static final int MAX_LIMIT = 1000;

	/**
	 * Create a page.
	 * @param rooms the rooms of this page
	 * @param next the cursor of the next page, or {@code null}
	 */
	public RoomPage {
		rooms = List.copyOf(rooms);
	}

	/**
	 * Check the arguments of a page query.
	 * @param after the cursor, or {@code null} for the first page
	 * @param limit the most rooms to return
	 * @param maxRoomNameBytes the longest room name, in UTF-8 bytes
	 * @throws IllegalArgumentException if the limit is not between 1 and
	 * {@value #MAX_LIMIT}, or the cursor is not a valid room name
	 */
	public static void checkQuery(@Nullable String after, int limit, int maxRoomNameBytes) {
		Assert.isTrue(limit >= 1 && limit <= MAX_LIMIT, () -> "A page holds 1 to " + MAX_LIMIT + " rooms, not " + limit);
		if (after != null) {
			RoomNames.check(after, maxRoomNameBytes);
		}
	}

	/**
	 * A room and its number of members.
	 *
	 * @param name the room's name
	 * @param members its number of members, cluster-wide
	 */
	public record Room(String name, int members) {
	}

}
