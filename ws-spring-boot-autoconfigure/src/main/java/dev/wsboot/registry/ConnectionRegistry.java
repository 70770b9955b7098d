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

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.wsboot.history.HistoryLimits;
import dev.wsboot.history.HistoryPosition;
import dev.wsboot.history.HistorySettings;
import dev.wsboot.history.RoomHistory;
import dev.wsboot.history.RoomHistoryPolicy;
import dev.wsboot.protocol.OutboundMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * Holds the connections, their rooms and their users, and delivers messages to them. The
 * default is {@link dev.wsboot.registry.memory.InMemoryConnectionRegistry}, for a single node; a clustered
 * implementation keeps membership off-node and delivers to connections held by other
 * nodes, with no change to handler code.
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>Connection ids come from {@link #nextConnectionId()} and are unique across every
 * node sharing the registry; an id may tell the node that owns it.</li>
 * <li>Operations that take a connection id or a room work for connections held by any
 * node; {@link #register} and {@link #unregister} only for this node's own.</li>
 * <li>Messages arrive encoded ({@link OutboundMessage}); an implementation never encodes
 * per member.</li>
 * <li>{@link #unregister} removes the connection from every room and user before it
 * returns.</li>
 * <li>All methods are thread-safe and never throw because a connection is gone; they
 * report it in their result.</li>
 * </ul>
 *
 * @author wsboot
 * @since 0.1.0
 */
public interface ConnectionRegistry {

	/**
	 * Return a new connection id, unique across every node sharing this registry.
	 * @return a new id
	 */
	String nextConnectionId();

	/**
	 * Register a connection that this node holds.
	 * @param connection the connection
	 * @throws UserLimitExceededException if the connection's user already has as many
	 * connections as it may have; nothing is registered then
	 */
	void register(RegisteredConnection connection);

	/**
	 * Unregister a connection of this node and remove it from every room and user.
	 * @param connectionId the connection id
	 * @return the rooms it was in
	 */
	Set<String> unregister(String connectionId);

	/**
	 * Record which user a connection belongs to, replacing the previous one.
	 * @param connectionId the connection id
	 * @param user the user name, or {@code null} for none
	 * @return {@code true} if the connection exists
	 * @throws UserLimitExceededException if that user already has as many connections as
	 * it may have; the connection keeps its previous user then
	 */
	boolean setUser(String connectionId, @Nullable String user);

	/**
	 * Return the limits this registry enforces.
	 * @return the limits
	 */
	default MembershipLimits limits() {
		return MembershipLimits.NONE;
	}

	/**
	 * Return how many connections a user has, on every node.
	 * @param user the user name
	 * @return the number of connections
	 */
	int userConnectionCount(String user);

	/**
	 * Add a connection to a room, creating the room if needed. The check against the room
	 * limits and the join are one atomic step, cluster-wide for a clustered registry.
	 * @param connectionId the connection id
	 * @param room the room
	 * @return {@code true} if it joined, {@code false} if it was already a member or
	 * there is no such connection
	 * @throws RoomLimitExceededException if the room is full or the connection is in as
	 * many rooms as it may be
	 */
	boolean join(String connectionId, String room);

	/**
	 * Set how many connections a room may have, replacing the default
	 * ({@link MembershipLimits#maxConnectionsPerRoom()}) for that room.
	 * @param room the room
	 * @param maxConnections the limit; 0 to go back to the default
	 */
	void setRoomLimit(String room, int maxConnections);

	/**
	 * Remove a connection from a room; a room without members ceases to exist.
	 * @param connectionId the connection id
	 * @param room the room
	 * @return {@code true} if it left, {@code false} if it was not a member
	 */
	boolean leave(String connectionId, String room);

	/**
	 * Return the rooms a connection is in.
	 * @param connectionId the connection id
	 * @return the rooms, empty if none or no such connection
	 */
	Set<String> roomsOf(String connectionId);

	/**
	 * Whether a connection exists, on any node.
	 * @param connectionId the connection id
	 * @return {@code true} if it is connected
	 */
	boolean isConnected(String connectionId);

	/**
	 * Send a message to one connection.
	 * @param connectionId the connection id
	 * @param message the message
	 * @return {@code true} if the connection exists and the message was handed to it,
	 * {@code false} if it is gone
	 */
	boolean sendToConnection(String connectionId, OutboundMessage message);

	/**
	 * Send a message to every member of a room.
	 * @param room the room
	 * @param message the message
	 * @param excludedConnectionIds ids of connections that must not get it
	 */
	void sendToRoom(String room, OutboundMessage message, Collection<String> excludedConnectionIds);

	/**
	 * Send a message to every connection of a user.
	 * @param user the user name
	 * @param message the message
	 */
	void sendToUser(String user, OutboundMessage message);

	/**
	 * Send a message to every connection.
	 * @param message the message
	 */
	void sendToAll(OutboundMessage message);

	/**
	 * Close a connection.
	 * @param connectionId the connection id
	 * @param status the close status
	 * @return {@code true} if the connection existed
	 */
	boolean close(String connectionId, CloseStatus status);

	/**
	 * Return the members of a room.
	 * @param room the room
	 * @return the members, empty if the room does not exist
	 */
	List<Member> members(String room);

	/**
	 * Return a page of the members of a room, in the order of their connection ids: at
	 * most {@code limit} members whose id comes after {@code after}. The cost is in
	 * proportion to the page, not to the room.
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
	 * Return the rooms that have at least one member.
	 * @return the rooms
	 */
	Set<String> rooms();

	/**
	 * Return the number of connections held by this node.
	 * @return the number of local connections
	 */
	int connectionCount();

	/**
	 * Return a page of the rooms with members, cluster-wide, in the order of their names.
	 * The default sorts {@link #rooms()} and counts each room of the page, which suits a
	 * registry of one node; a clustered registry answers from an ordered index, at a cost
	 * in proportion to the page.
	 * @param after the last room of the previous page, or {@code null} for the first
	 * @param limit the most rooms to return, 1 to {@value RoomPage#MAX_LIMIT}
	 * @return the page
	 * @throws IllegalArgumentException if the limit is out of range or the cursor is not
	 * a valid room name
	 */
	default RoomPage rooms(@Nullable String after, int limit) {
		RoomPage.checkQuery(after, limit, limits().maxRoomNameBytes());
		List<String> names = rooms().stream()
			.filter((name) -> after == null || name.compareTo(after) > 0)
			.sorted()
			.limit(limit + 1L)
			.toList();
		List<RoomPage.Room> page = new ArrayList<>();
		for (int i = 0; i < names.size() && i < limit; i++) {
			page.add(new RoomPage.Room(names.get(i), count(names.get(i))));
		}
		return new RoomPage(page, (names.size() > limit) ? names.get(limit - 1) : null);
	}

	/**
	 * Return how many rooms have a member on this node. The default counts
	 * {@link #rooms()}, which suits a registry of one node.
	 * @return the rooms with a local member
	 */
	default int localRoomCount() {
		return rooms().size();
	}

	/**
	 * Return a connection held by this node.
	 * @param connectionId the connection id
	 * @return the connection, or {@code null} if this node does not hold it
	 */
	default @Nullable RegisteredConnection localConnection(String connectionId) {
		return null;
	}

	/**
	 * Keep the history of the rooms a policy names, and give their messages positions
	 * that a reconnecting client recovers from. A registry that keeps no history
	 * rejects this.
	 * @param policy which rooms keep a history
	 * @param limits the bounds of the histories
	 * @throws UnsupportedOperationException if this registry keeps no history
	 */
	default void setHistory(RoomHistoryPolicy policy, HistoryLimits limits) {
		throw new UnsupportedOperationException(getClass().getName() + " keeps no room history");
	}

	/**
	 * Whether this registry keeps the history of some rooms (see {@link #setHistory}).
	 * @return {@code true} if it does
	 */
	default boolean keepsHistory() {
		return false;
	}

	/**
	 * Read a room's history: the latest messages, or those after a position. Reading
	 * must neither start nor prolong a history (a room with none reads as no messages and
	 * no position).
	 * @param room the room
	 * @param limit the most messages to return, 1 to {@value HistorySettings#MAX_SIZE}
	 * @param since the position to read after, or {@code null} for the latest messages
	 * @return the messages and the room's position, or {@code null} if the room keeps no
	 * history
	 * @throws IllegalArgumentException if the limit is out of range
	 */
	default @Nullable RoomHistory history(String room, int limit, @Nullable HistoryPosition since) {
		return null;
	}

	/**
	 * Set the callback told of connections that were lost without this node's
	 * {@link #unregister}, for example because the node holding them died and this node
	 * swept them. Across the cluster each lost connection is reported exactly once. The
	 * in-memory registry never loses connections.
	 * @param listener the callback
	 */
	default void setLostConnectionListener(Consumer<LostConnection> listener) {
	}

}
