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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.wsboot.history.HistoryPosition;
import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.LocalDelivery;
import dev.wsboot.registry.Member;
import dev.wsboot.registry.MemberPage;
import dev.wsboot.registry.RegisteredConnection;
import dev.wsboot.registry.UserKeys;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * This node's own connections, indexed by id, room and user key, and how a message
 * reaches them: the whole state of the in-memory registry, and the local truth that the
 * Redis registry mirrors. A room's members are kept in id order, so a page of members
 * costs the page; a room exists while it has members. A room gaining its first member or
 * losing its last is reported, so that a clustered registry subscribes to the room's
 * channel while, and only while, the node has members in it.
 *
 * @author wsboot
 */
public final class LocalIndex {

	private static final Log logger = LogFactory.getLog(LocalIndex.class);

	/** Past this many exclusions, a broadcast looks them up in a hash set. */
	private static final int EXCLUSIONS_SCANNED = 8;

	private final Map<String, LocalConnection> connections = new ConcurrentHashMap<>();

	private final Map<String, RoomMembers> rooms = new ConcurrentHashMap<>();

	private final Map<String, Map<String, LocalConnection>> users = new ConcurrentHashMap<>();

	private final Consumer<String> roomChanged;

	private volatile LocalDelivery delivery = LocalDelivery.serial();

	/**
	 * Create an index.
	 * @param roomChanged told the name of a room that gained its first member or lost its
	 * last
	 */
	public LocalIndex(Consumer<String> roomChanged) {
		this.roomChanged = roomChanged;
	}

	/**
	 * Set how a message reaches many connections at once.
	 * @param delivery the delivery
	 */
	public void setDelivery(LocalDelivery delivery) {
		Assert.notNull(delivery, "'delivery' must not be null");
		this.delivery = delivery;
	}

	// Connections

	/**
	 * Add a connection.
	 * @param connection the connection
	 * @return its entry
	 * @throws IllegalStateException if it is already there
	 */
	public LocalConnection add(RegisteredConnection connection) {
		LocalConnection local = new LocalConnection(connection);
		LocalConnection previous = this.connections.putIfAbsent(connection.id(), local);
		Assert.state(previous == null, () -> "Connection " + connection.id() + " is already registered");
		return local;
	}

	/**
	 * Return a connection.
	 * @param id its id
	 * @return the entry, or {@code null}
	 */
	public @Nullable LocalConnection get(String id) {
		return this.connections.get(id);
	}

	/**
	 * Remove a connection from the index of connections (its rooms and user are the
	 * caller's to remove, with its lock held).
	 * @param id its id
	 * @return the entry, or {@code null} if there was none
	 */
	public @Nullable LocalConnection remove(String id) {
		return this.connections.remove(id);
	}

	/**
	 * Whether a connection is here.
	 * @param id its id
	 * @return {@code true} if it is
	 */
	public boolean contains(String id) {
		return this.connections.containsKey(id);
	}

	/**
	 * Return the number of connections.
	 * @return the number
	 */
	public int size() {
		return this.connections.size();
	}

	/**
	 * Return the ids of the connections.
	 * @return a copy
	 */
	public List<String> ids() {
		return List.copyOf(this.connections.keySet());
	}

	/**
	 * Return the connections.
	 * @return a copy
	 */
	public List<LocalConnection> all() {
		return new ArrayList<>(this.connections.values());
	}

	// Rooms

	/**
	 * Add a connection to a room's members, if the room and the node have room for it:
	 * checked and done in one atomic step.
	 * @param room the room
	 * @param local the connection
	 * @param capacity the most members the room may have, 0 for no limit
	 * @param maxRooms the most rooms the node may have, 0 for no limit
	 * @return what happened
	 */
	public Admission addToRoom(String room, LocalConnection local, int capacity, int maxRooms) {
		Admission[] admission = { Admission.ADDED };
		boolean[] created = new boolean[1];
		this.rooms.compute(room, (name, members) -> {
			if (members == null && maxRooms > 0 && this.rooms.size() >= maxRooms) {
				admission[0] = Admission.TOO_MANY_ROOMS_ON_NODE;
				return null;
			}
			RoomMembers result = (members != null) ? members : new RoomMembers();
			if (capacity > 0 && result.size() >= capacity) {
				admission[0] = Admission.ROOM_FULL;
				return members;
			}
			created[0] = (members == null);
			result.put(local.id(), local);
			return result;
		});
		if (created[0]) {
			this.roomChanged.accept(room);
		}
		return admission[0];
	}

	/**
	 * Remove a connection from a room's members; the room goes with its last member.
	 * @param room the room
	 * @param connectionId the connection id
	 */
	public void removeFromRoom(String room, String connectionId) {
		boolean[] emptied = new boolean[1];
		this.rooms.computeIfPresent(room, (name, members) -> {
			members.remove(connectionId);
			emptied[0] = members.isEmpty();
			return emptied[0] ? null : members;
		});
		if (emptied[0]) {
			this.roomChanged.accept(room);
		}
	}

	/**
	 * Whether a room has members here.
	 * @param room the room
	 * @return {@code true} if it has
	 */
	public boolean hasRoom(String room) {
		return this.rooms.containsKey(room);
	}

	/**
	 * Return the number of rooms with members here.
	 * @return the number
	 */
	public int roomCount() {
		return this.rooms.size();
	}

	/**
	 * Return the rooms with members here.
	 * @return a copy
	 */
	public Set<String> roomNames() {
		return Set.copyOf(this.rooms.keySet());
	}

	/**
	 * Return the number of a room's members here.
	 * @param room the room
	 * @return the number
	 */
	public int roomSize(String room) {
		RoomMembers members = this.rooms.get(room);
		return (members != null) ? members.size() : 0;
	}

	/**
	 * Return a page of a room's members here, in id order.
	 * @param room the room
	 * @param after the last id of the previous page, or {@code null}
	 * @param limit the most members to return
	 * @return the page
	 */
	public MemberPage members(String room, @Nullable String after, int limit) {
		RoomMembers members = this.rooms.get(room);
		if (members == null) {
			return new MemberPage(List.of(), null);
		}
		NavigableMap<String, LocalConnection> from = (after != null) ? members.tailMap(after, false) : members;
		List<Member> page = new ArrayList<>(Math.min(limit, 64));
		String last = null;
		for (LocalConnection local : from.values()) {
			if (page.size() == limit) {
				return new MemberPage(page, last);
			}
			last = local.id();
			page.add(new Member(last, UserKeys.name(local.user())));
		}
		return new MemberPage(page, null);
	}

	// Users

	/**
	 * Add a connection to a user's connections, if the user has room for it: checked and
	 * done in one atomic step.
	 * @param user the user key
	 * @param local the connection
	 * @param limit the most connections the user may have, 0 for no limit
	 * @return {@code true} if added, {@code false} if the user is at the limit
	 */
	public boolean addToUser(String user, LocalConnection local, int limit) {
		boolean[] full = new boolean[1];
		this.users.compute(user, (name, connections) -> {
			Map<String, LocalConnection> result = (connections != null) ? connections : new ConcurrentHashMap<>();
			if (limit > 0 && result.size() >= limit && !result.containsKey(local.id())) {
				full[0] = true;
				return connections;
			}
			result.put(local.id(), local);
			return result;
		});
		return !full[0];
	}

	/**
	 * Remove a connection from a user's connections.
	 * @param user the user key
	 * @param connectionId the connection id
	 */
	public void removeFromUser(String user, String connectionId) {
		this.users.computeIfPresent(user, (name, connections) -> {
			connections.remove(connectionId);
			return connections.isEmpty() ? null : connections;
		});
	}

	/**
	 * Return the number of a user's connections here.
	 * @param user the user key
	 * @return the number
	 */
	public int userCount(String user) {
		Map<String, LocalConnection> connections = this.users.get(user);
		return (connections != null) ? connections.size() : 0;
	}

	// Delivery

	/**
	 * Deliver to one connection; a failure is logged, never thrown.
	 * @param local the connection
	 * @param message the message
	 */
	public void deliverTo(LocalConnection local, OutboundMessage message) {
		try {
			local.connection().deliver(message);
		}
		catch (RuntimeException ex) {
			logger.warn("Delivery to connection " + local.id() + " failed", ex);
		}
	}

	/**
	 * Deliver to a room's members here, but some.
	 * @param room the room
	 * @param message the message
	 * @param excludedConnectionIds the connections left out
	 */
	public void deliverToRoom(String room, OutboundMessage message, Collection<String> excludedConnectionIds) {
		deliverToRoom(room, message, excludedConnectionIds, null);
	}

	/**
	 * Deliver a message of a room with history to the room's members here, but some;
	 * members whose recovery of the room is under way get it once their replay is done.
	 * @param room the room
	 * @param message the message, with its position
	 * @param excludedConnectionIds the connections left out
	 * @param position the message's position, or {@code null} for a message without one
	 */
	public void deliverToRoom(String room, OutboundMessage message, Collection<String> excludedConnectionIds,
			@Nullable HistoryPosition position) {
		RoomMembers members = this.rooms.get(room);
		if (members == null) {
			return;
		}
		Collection<String> excluded = (excludedConnectionIds.size() > EXCLUSIONS_SCANNED)
				? new HashSet<>(excludedConnectionIds) : excludedConnectionIds;
		List<RegisteredConnection> targets = new ArrayList<>(members.size());
		for (LocalConnection local : members.values()) {
			if ((excluded.isEmpty() || !excluded.contains(local.id()))
					&& (position == null || !local.holdBack(room, message, position))) {
				targets.add(local.connection());
			}
		}
		this.delivery.deliver(targets, message);
	}

	/**
	 * Deliver to a user's connections here.
	 * @param user the user key
	 * @param message the message
	 */
	public void deliverToUser(String user, OutboundMessage message) {
		Map<String, LocalConnection> connections = this.users.get(user);
		if (connections != null) {
			this.delivery.deliver(connectionsOf(connections.values()), message);
		}
	}

	/**
	 * Deliver to every connection here.
	 * @param message the message
	 */
	public void deliverToAll(OutboundMessage message) {
		this.delivery.deliver(connectionsOf(this.connections.values()), message);
	}

	private static List<RegisteredConnection> connectionsOf(Collection<LocalConnection> locals) {
		List<RegisteredConnection> connections = new ArrayList<>(locals.size());
		for (LocalConnection local : locals) {
			connections.add(local.connection());
		}
		return connections;
	}

	/**
	 * What {@link #addToRoom} did.
	 */
	public enum Admission {

		/** The connection is a member. */
		ADDED,

		/** The room has as many members as it may. */
		ROOM_FULL,

		/** The room is new and the node has as many rooms as it may. */
		TOO_MANY_ROOMS_ON_NODE

	}

	/**
	 * A room's members in id order. A skip list's {@code size()} walks it, so the members
	 * are counted as they come and go (always inside the rooms map's {@code compute}).
	 */
	private static final class RoomMembers extends ConcurrentSkipListMap<String, LocalConnection> {

		private static final long serialVersionUID = 1L;

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public @Nullable LocalConnection put(String key, LocalConnection value) {
			LocalConnection previous = super.put(key, value);
			if (previous == null) {
				this.count.incrementAndGet();
			}
			return previous;
		}

		@Override
		public @Nullable LocalConnection remove(Object key) {
			LocalConnection previous = super.remove(key);
			if (previous != null) {
				this.count.decrementAndGet();
			}
			return previous;
		}

		@Override
		public int size() {
			return this.count.get();
		}

	}

}
