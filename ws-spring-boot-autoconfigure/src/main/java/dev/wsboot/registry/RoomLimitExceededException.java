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

/**
 * Thrown by a join that would break a limit: the room is full, the connection is
 * already in as many rooms as it may be, or the node already has members in as many
 * rooms as it may have. Uncaught in a handler method, it becomes an
 * error frame ({@code room_full} or {@code limit_exceeded}) and the connection stays
 * open; uncaught in {@code @OnConnect}, it closes the connection with 1008.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class RoomLimitExceededException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Limit limit;

	private final String room;

	/**
	 * Create an exception.
	 * @param limit the limit that was reached
	 * @param room the room that could not be joined
	 */
	public RoomLimitExceededException(Limit limit, String room) {
		super(switch (limit) {
			case ROOM_FULL -> "Room '" + abbreviate(room) + "' is full";
			case TOO_MANY_ROOMS -> "Too many rooms for this connection";
			case TOO_MANY_ROOMS_ON_NODE -> "Too many rooms on this server";
		});
		this.limit = limit;
		this.room = room;
	}

	private static String abbreviate(String room) {
		return (room.length() <= 64) ? room : room.substring(0, 64) + "...";
	}

	/**
	 * Return the limit that was reached.
	 * @return the limit
	 */
	public Limit getLimit() {
		return this.limit;
	}

	/**
	 * Return the room that could not be joined.
	 * @return the room
	 */
	public String getRoom() {
		return this.room;
	}

	/**
	 * The limits a join can reach.
	 */
	public enum Limit {

		/**
		 * The room has as many members as it may have.
		 */
		ROOM_FULL,

		/**
		 * The connection is in as many rooms as it may be.
		 */
		TOO_MANY_ROOMS,

		/**
		 * The node has members in as many rooms as it may have, and the room is a new one
		 * for it.
		 */
		TOO_MANY_ROOMS_ON_NODE

	}

}
