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


package dev.wsboot.messaging;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.wsboot.history.HistoryPosition;
import dev.wsboot.history.RoomHistory;
import dev.wsboot.registry.Member;
import dev.wsboot.registry.MemberPage;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * Sends to connections, rooms, users and everyone from anywhere in the application (a
 * scheduled job, an HTTP controller, an endpoint), and answers membership queries. With a
 * clustered registry every operation spans all nodes.
 *
 * <p>
 * A payload is encoded once per call, whatever the number of recipients: a
 * {@code String} as a text frame, a {@code byte[]} or {@code ByteBuffer} as a binary
 * frame, anything else as JSON.
 *
 * @author wsboot
 * @since 0.1.0
 */
public interface WebSocketMessenger {

	/**
	 * Send a payload to one connection.
	 * @param connectionId the connection id
	 * @param payload the payload
	 * @return {@code true} if the connection exists, {@code false} if it is gone (the
	 * WebSocket counterpart of HTTP 410 Gone)
	 */
	boolean sendTo(String connectionId, Object payload);

	/**
	 * Send a payload to every member of a room.
	 * @param room the room
	 * @param payload the payload
	 */
	void sendToRoom(String room, Object payload);

	/**
	 * Send a payload to every member of a room except some connections.
	 * @param room the room
	 * @param payload the payload
	 * @param excludedConnectionIds ids of connections that must not get it
	 */
	void sendToRoom(String room, Object payload, Collection<String> excludedConnectionIds);

	/**
	 * Send a payload to every connection of an authenticated user, on every node: the
	 * connections with a principal whose user is that name (the principal's name unless
	 * the connection set another). A name given with {@code Connection.setUser} to a
	 * connection without a principal is not reached: anyone could have given it (see
	 * {@link dev.wsboot.registry.UserKeys}); send to such a connection by its id.
	 * @param user the user name
	 * @param payload the payload
	 */
	void sendToUser(String user, Object payload);

	/**
	 * Send a payload to every connection.
	 * @param payload the payload
	 */
	void sendToAll(Object payload);

	/**
	 * Make a connection join a room.
	 * @param connectionId the connection id
	 * @param room the room
	 * @return {@code true} if it joined, {@code false} if it was already a member or is
	 * gone
	 * @throws dev.wsboot.registry.RoomLimitExceededException if the room is full or the
	 * connection is in as many rooms as it may be
	 */
	boolean join(String connectionId, String room);

	/**
	 * Set how many connections a room may have, replacing {@code ws.limits.max-connections-per-room}
	 * for that room, cluster-wide with a clustered registry.
	 * @param room the room
	 * @param maxConnections the limit; 0 to go back to the default
	 */
	void setRoomLimit(String room, int maxConnections);

	/**
	 * Make a connection leave a room.
	 * @param connectionId the connection id
	 * @param room the room
	 * @return {@code true} if it left, {@code false} if it was not a member
	 */
	boolean leave(String connectionId, String room);

	/**
	 * Close a connection.
	 * @param connectionId the connection id
	 * @param status the close status
	 * @return {@code true} if the connection existed
	 */
	boolean disconnect(String connectionId, CloseStatus status);

	/**
	 * Whether a connection exists.
	 * @param connectionId the connection id
	 * @return {@code true} if it is connected
	 */
	boolean isConnected(String connectionId);

	/**
	 * Return the members of a room.
	 * @param room the room
	 * @return the members, empty if the room does not exist
	 */
	List<Member> members(String room);

	/**
	 * Return a page of the members of a room, in the order of their connection ids, at a
	 * cost in proportion to the page rather than to the room: what to use where a client
	 * can ask for the members of a room of any size.
	 * @param room the room
	 * @param after the cursor of the page ({@link MemberPage#next()} of the previous
	 * one), or {@code null} for the first page
	 * @param limit the most members to return, 1 to {@value MemberPage#MAX_LIMIT}
	 * @return the page
	 * @throws IllegalArgumentException if the limit or the cursor is out of bounds
	 */
	MemberPage members(String room, @Nullable String after, int limit);

	/**
	 * Return the number of members of a room.
	 * @param room the room
	 * @return the number of members
	 */
	int count(String room);

	/**
	 * Read a room's history, kept for the rooms that {@code ws.history.rooms} or a
	 * {@link dev.wsboot.history.RoomHistoryPolicy} bean name: the latest messages, or those
	 * after a position, oldest first. Reading neither starts nor prolongs a history: a
	 * room that no member joined and no broadcast reached reads as no messages and no
	 * position, at no cost, so that any name a client sends may be read.
	 * @param room the room
	 * @param limit the most messages to return, 1 to
	 * {@value dev.wsboot.history.HistorySettings#MAX_SIZE}
	 * @param since the position to read after, or {@code null} for the latest messages
	 * @return the messages and the room's position, or {@code null} if the room keeps no
	 * history
	 * @throws IllegalArgumentException if the limit is out of range
	 */
	@Nullable RoomHistory history(String room, int limit, @Nullable HistoryPosition since);

	/**
	 * Return the rooms that have at least one member.
	 * @return the rooms
	 */
	Set<String> rooms();

}
