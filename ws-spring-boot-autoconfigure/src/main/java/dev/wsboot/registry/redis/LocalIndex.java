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

package dev.wsboot.registry.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

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
 * This node's own connections, indexed by id, room and user key: the local truth that
 * Redis mirrors, and what every delivery on this node reads. A room gaining its first
 * local member, or losing its last, is reported, so that the node subscribes to the
 * room's channel while, and only while, it has local members.
 *
 * @author wsboot
 */
final class LocalIndex {

	private static final Log logger = LogFactory.getLog(RedisConnectionRegistry.class);

	/** Past this many exclusions, a broadcast looks them up in a hash set. */
	private static final int EXCLUSIONS_SCANNED = 8;

	private final Map<String, LocalConnection> connections = new ConcurrentHashMap<>();

	private final Map<String, Map<String, LocalConnection>> rooms = new ConcurrentHashMap<>();

	private final Map<String, Map<String, LocalConnection>> users = new ConcurrentHashMap<>();

	private final Consumer<String> roomChanged;

	private volatile LocalDelivery delivery = LocalDelivery.serial();

	/**
	 * Create an index.
	 * @param roomChanged told the name of a room that gained its first local member or
	 * lost its last
	 */
	LocalIndex(Consumer<String> roomChanged) {
		this.roomChanged = roomChanged;
	}

	void setDelivery(LocalDelivery delivery) {
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
	LocalConnection add(RegisteredConnection connection) {
		LocalConnection local = new LocalConnection(connection);
		LocalConnection previous = this.connections.putIfAbsent(connection.id(), local);
		Assert.state(previous == null, () -> "Connection " + connection.id() + " is already registered");
		return local;
	}

	@Nullable LocalConnection get(String id) {
		return this.connections.get(id);
	}

	@Nullable LocalConnection remove(String id) {
		return this.connections.remove(id);
	}

	boolean contains(String id) {
		return this.connections.containsKey(id);
	}

	int size() {
		return this.connections.size();
	}

	List<String> ids() {
		return List.copyOf(this.connections.keySet());
	}

	List<LocalConnection> all() {
		return new ArrayList<>(this.connections.values());
	}

	// Rooms and users

	void addToRoom(String room, LocalConnection local) {
		boolean[] created = new boolean[1];
		this.rooms.compute(room, (name, members) -> {
			Map<String, LocalConnection> result = members;
			if (result == null) {
				result = new ConcurrentHashMap<>();
				created[0] = true;
			}
			result.put(local.id(), local);
			return result;
		});
		if (created[0]) {
			this.roomChanged.accept(room);
		}
	}

	void removeFromRoom(String room, String connectionId) {
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

	boolean hasRoom(String room) {
		return this.rooms.containsKey(room);
	}

	int roomCount() {
		return this.rooms.size();
	}

	Set<String> roomNames() {
		return Set.copyOf(this.rooms.keySet());
	}

	int roomSize(String room) {
		Map<String, LocalConnection> members = this.rooms.get(room);
		return (members != null) ? members.size() : 0;
	}

	void addToUser(String user, LocalConnection local) {
		this.users.computeIfAbsent(user, (name) -> new ConcurrentHashMap<>()).put(local.id(), local);
	}

	void removeFromUser(String user, String connectionId) {
		this.users.computeIfPresent(user, (name, connections) -> {
			connections.remove(connectionId);
			return connections.isEmpty() ? null : connections;
		});
	}

	int userCount(String user) {
		Map<String, LocalConnection> connections = this.users.get(user);
		return (connections != null) ? connections.size() : 0;
	}

	/**
	 * Return this node's members of a room, a page in id order: the answer while Redis is
	 * unreachable.
	 */
	MemberPage members(String room, @Nullable String after, int limit) {
		Map<String, LocalConnection> members = this.rooms.get(room);
		if (members == null) {
			return new MemberPage(List.of(), null);
		}
		List<LocalConnection> sorted = new ArrayList<>(members.values());
		sorted.sort(Comparator.comparing(LocalConnection::id));
		List<Member> page = new ArrayList<>();
		for (LocalConnection local : sorted) {
			String id = local.id();
			if (after != null && id.compareTo(after) <= 0) {
				continue;
			}
			if (page.size() == limit) {
				return new MemberPage(page, page.get(page.size() - 1).connectionId());
			}
			page.add(new Member(id, UserKeys.name(local.user)));
		}
		return new MemberPage(page, null);
	}

	// Delivery

	void deliverTo(LocalConnection local, OutboundMessage message) {
		try {
			local.connection.deliver(message);
		}
		catch (RuntimeException ex) {
			logger.warn("Delivery to connection " + local.id() + " failed", ex);
		}
	}

	void deliverToRoom(String room, OutboundMessage message, Collection<String> excludedConnectionIds) {
		Map<String, LocalConnection> members = this.rooms.get(room);
		if (members == null) {
			return;
		}
		Collection<String> excluded = (excludedConnectionIds.size() > EXCLUSIONS_SCANNED)
				? new HashSet<>(excludedConnectionIds) : excludedConnectionIds;
		List<RegisteredConnection> targets = new ArrayList<>(members.size());
		for (LocalConnection local : members.values()) {
			if (excluded.isEmpty() || !excluded.contains(local.id())) {
				targets.add(local.connection);
			}
		}
		this.delivery.deliver(targets, message);
	}

	void deliverToUser(String user, OutboundMessage message) {
		Map<String, LocalConnection> connections = this.users.get(user);
		if (connections != null) {
			this.delivery.deliver(connectionsOf(connections.values()), message);
		}
	}

	void deliverToAll(OutboundMessage message) {
		this.delivery.deliver(connectionsOf(this.connections.values()), message);
	}

	private static List<RegisteredConnection> connectionsOf(Collection<LocalConnection> locals) {
		List<RegisteredConnection> connections = new ArrayList<>(locals.size());
		for (LocalConnection local : locals) {
			connections.add(local.connection);
		}
		return connections;
	}

}
