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

import java.security.SecureRandom;
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
import java.util.concurrent.atomic.AtomicLong;

import dev.wsboot.protocol.OutboundMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * {@link ConnectionRegistry} for a single node: rooms and users live in this JVM's
 * memory and every connection is local. Needs nothing else to run.
 *
 * <p>
 * Rooms map to their members directly, so a broadcast walks the members of one room and
 * costs nothing for the other rooms; a room disappears with its last member.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class InMemoryConnectionRegistry implements ConnectionRegistry {

	private static final Log logger = LogFactory.getLog(InMemoryConnectionRegistry.class);

	private final String nodeId;

	private final AtomicLong sequence = new AtomicLong();

	private final Map<String, Entry> connections = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Entry>> rooms = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Entry>> users = new ConcurrentHashMap<>();

	private final Map<String, Integer> roomLimits = new ConcurrentHashMap<>();

	private final MembershipLimits limits;

	private volatile LocalDelivery delivery = LocalDelivery.serial();

	/**
	 * Create a registry with a random node id.
	 */
	public InMemoryConnectionRegistry() {
		this(randomNodeId(), MembershipLimits.NONE);
	}

	/**
	 * Create a registry with a random node id.
	 * @param limits the room limits
	 */
	public InMemoryConnectionRegistry(MembershipLimits limits) {
		this(randomNodeId(), limits);
	}

	/**
	 * Create a registry whose connection ids start with the given node id.
	 * @param nodeId the node id, letters and digits
	 */
	public InMemoryConnectionRegistry(String nodeId) {
		this(nodeId, MembershipLimits.NONE);
	}

	/**
	 * Create a registry whose connection ids start with the given node id.
	 * @param nodeId the node id, letters and digits
	 * @param limits the room limits
	 */
	public InMemoryConnectionRegistry(String nodeId, MembershipLimits limits) {
		Assert.hasText(nodeId, "'nodeId' must not be empty");
		this.nodeId = nodeId;
		this.limits = limits;
	}

	private static String randomNodeId() {
		long value = new SecureRandom().nextLong() & Long.MAX_VALUE;
		return Long.toString(value, 36);
	}

	@Override
	public String nextConnectionId() {
		return this.nodeId + "-" + Long.toString(this.sequence.incrementAndGet(), 36);
	}

	@Override
	public void register(RegisteredConnection connection) {
		Entry entry = new Entry(connection);
		Entry previous = this.connections.putIfAbsent(connection.id(), entry);
		Assert.state(previous == null, () -> "Connection " + connection.id() + " is already registered");
		String user = connection.userKey();
		if (user != null) {
			try {
				setUser(connection.id(), user);
			}
			catch (UserLimitExceededException ex) {
				this.connections.remove(connection.id());
				throw ex;
			}
		}
	}

	@Override
	public Set<String> unregister(String connectionId) {
		Entry entry = this.connections.remove(connectionId);
		if (entry == null) {
			return Set.of();
		}
		synchronized (entry) {
			entry.closed = true;
			Set<String> left = Set.copyOf(entry.rooms);
			for (String room : left) {
				removeMember(this.rooms, room, connectionId);
			}
			entry.rooms.clear();
			if (entry.user != null) {
				removeMember(this.users, entry.user, connectionId);
				entry.user = null;
			}
			return left;
		}
	}

	@Override
	public boolean setUser(String connectionId, @Nullable String user) {
		Entry entry = this.connections.get(connectionId);
		if (entry == null) {
			return false;
		}
		synchronized (entry) {
			if (entry.closed) {
				return false;
			}
			if (user != null && user.equals(entry.user)) {
				return true;
			}
			if (user != null) {
				int limit = this.limits.maxConnectionsPerUser();
				boolean[] full = new boolean[1];
				this.users.compute(user, (name, members) -> {
					Map<String, Entry> result = (members != null) ? members : new ConcurrentHashMap<>();
					if (limit > 0 && result.size() >= limit) {
						full[0] = true;
						return members;
					}
					result.put(connectionId, entry);
					return result;
				});
				if (full[0]) {
					throw new UserLimitExceededException();
				}
			}
			if (entry.user != null) {
				removeMember(this.users, entry.user, connectionId);
			}
			entry.user = user;
			return true;
		}
	}

	@Override
	public MembershipLimits limits() {
		return this.limits;
	}

	@Override
	public int userConnectionCount(String user) {
		Map<String, Entry> members = this.users.get(user);
		return (members != null) ? members.size() : 0;
	}

	@Override
	public boolean join(String connectionId, String room) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		Entry entry = this.connections.get(connectionId);
		if (entry == null) {
			return false;
		}
		synchronized (entry) {
			if (entry.closed || entry.rooms.contains(room)) {
				return false;
			}
			int maxRooms = this.limits.maxRoomsPerConnection();
			if (maxRooms > 0 && entry.rooms.size() >= maxRooms) {
				throw new RoomLimitExceededException(RoomLimitExceededException.Limit.TOO_MANY_ROOMS, room);
			}
			int capacity = this.roomLimits.getOrDefault(room, this.limits.maxConnectionsPerRoom());
			int maxRoomsPerNode = this.limits.maxRoomsPerNode();
			RoomLimitExceededException.Limit[] reached = new RoomLimitExceededException.Limit[1];
			this.rooms.compute(room, (name, members) -> {
				if (members == null && maxRoomsPerNode > 0 && this.rooms.size() >= maxRoomsPerNode) {
					reached[0] = RoomLimitExceededException.Limit.TOO_MANY_ROOMS_ON_NODE;
					return null;
				}
				Map<String, Entry> result = (members != null) ? members : new RoomMembers();
				if (capacity > 0 && result.size() >= capacity) {
					reached[0] = RoomLimitExceededException.Limit.ROOM_FULL;
					return members;
				}
				result.put(entry.connection.id(), entry);
				return result;
			});
			if (reached[0] != null) {
				throw new RoomLimitExceededException(reached[0], room);
			}
			entry.rooms.add(room);
			return true;
		}
	}

	@Override
	public void setRoomLimit(String room, int maxConnections) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		Assert.isTrue(maxConnections >= 0, "'maxConnections' must not be negative");
		if (maxConnections == 0) {
			this.roomLimits.remove(room);
		}
		else {
			this.roomLimits.put(room, maxConnections);
		}
	}

	@Override
	public boolean leave(String connectionId, String room) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		Entry entry = this.connections.get(connectionId);
		if (entry == null) {
			return false;
		}
		synchronized (entry) {
			if (!entry.rooms.remove(room)) {
				return false;
			}
			removeMember(this.rooms, room, connectionId);
			return true;
		}
	}

	private static void addMember(Map<String, Map<String, Entry>> index, String key, Entry entry) {
		index.compute(key, (name, members) -> {
			Map<String, Entry> result = (members != null) ? members : new ConcurrentHashMap<>();
			result.put(entry.connection.id(), entry);
			return result;
		});
	}

	private static void removeMember(Map<String, Map<String, Entry>> index, String key, String connectionId) {
		index.computeIfPresent(key, (name, members) -> {
			members.remove(connectionId);
			return members.isEmpty() ? null : members;
		});
	}

	@Override
	public Set<String> roomsOf(String connectionId) {
		Entry entry = this.connections.get(connectionId);
		if (entry == null) {
			return Set.of();
		}
		synchronized (entry) {
			return Set.copyOf(entry.rooms);
		}
	}

	@Override
	public boolean isConnected(String connectionId) {
		return this.connections.containsKey(connectionId);
	}

	@Override
	public boolean sendToConnection(String connectionId, OutboundMessage message) {
		Entry entry = this.connections.get(connectionId);
		if (entry == null) {
			return false;
		}
		deliver(entry, message);
		return true;
	}

	@Override
	public void sendToRoom(String room, OutboundMessage message, Collection<String> excludedConnectionIds) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		Map<String, Entry> members = this.rooms.get(room);
		if (members == null) {
			return;
		}
		Collection<String> excluded = (excludedConnectionIds.size() > 8) ? new HashSet<>(excludedConnectionIds)
				: excludedConnectionIds;
		List<RegisteredConnection> targets = new ArrayList<>(members.size());
		for (Entry entry : members.values()) {
			if (excluded.isEmpty() || !excluded.contains(entry.connection.id())) {
				targets.add(entry.connection);
			}
		}
		this.delivery.deliver(targets, message);
	}

	@Override
	public void sendToUser(String user, OutboundMessage message) {
		Map<String, Entry> members = this.users.get(user);
		if (members != null) {
			this.delivery.deliver(connectionsOf(members.values()), message);
		}
	}

	@Override
	public void sendToAll(OutboundMessage message) {
		this.delivery.deliver(connectionsOf(this.connections.values()), message);
	}

	private static List<RegisteredConnection> connectionsOf(Collection<Entry> entries) {
		List<RegisteredConnection> connections = new ArrayList<>(entries.size());
		for (Entry entry : entries) {
			connections.add(entry.connection);
		}
		return connections;
	}

	/**
	 * Set how a message reaches many connections at once; by default
	 * {@link LocalDelivery#serial() one after the other}.
	 * @param delivery the delivery
	 */
	public void setLocalDelivery(LocalDelivery delivery) {
		Assert.notNull(delivery, "'delivery' must not be null");
		this.delivery = delivery;
	}

	private static void deliver(Entry entry, OutboundMessage message) {
		try {
			entry.connection.deliver(message);
		}
		catch (RuntimeException ex) {
			logger.warn("Delivery to connection " + entry.connection.id() + " failed", ex);
		}
	}

	@Override
	public boolean close(String connectionId, CloseStatus status) {
		Entry entry = this.connections.get(connectionId);
		if (entry == null) {
			return false;
		}
		entry.connection.close(status);
		return true;
	}

	@Override
	public List<Member> members(String room) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		Map<String, Entry> members = this.rooms.get(room);
		if (members == null) {
			return List.of();
		}
		List<Member> result = new ArrayList<>(members.size());
		for (Entry entry : members.values()) {
			result.add(new Member(entry.connection.id(), UserKeys.name(entry.user)));
		}
		return result;
	}

	@Override
	public MemberPage members(String room, @Nullable String after, int limit) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		MemberPage.checkQuery(after, limit);
		if (!(this.rooms.get(room) instanceof RoomMembers members)) {
			return new MemberPage(List.of(), null);
		}
		NavigableMap<String, Entry> from = (after != null) ? members.tailMap(after, false) : members;
		List<Member> page = new ArrayList<>(Math.min(limit, 64));
		String last = null;
		for (Entry entry : from.values()) {
			if (page.size() == limit) {
				return new MemberPage(page, last);
			}
			last = entry.connection.id();
			page.add(new Member(last, UserKeys.name(entry.user)));
		}
		return new MemberPage(page, null);
	}

	@Override
	public int count(String room) {
		RoomNames.check(room, limits().maxRoomNameBytes());
		Map<String, Entry> members = this.rooms.get(room);
		return (members != null) ? members.size() : 0;
	}

	@Override
	public Set<String> rooms() {
		return Set.copyOf(this.rooms.keySet());
	}

	@Override
	public int connectionCount() {
		return this.connections.size();
	}

	/**
	 * A registered connection and what it belongs to; its rooms and user are guarded by
	 * the entry itself.
	 */
	/**
	 * The members of a room in the order of their ids, for pages. A skip list's
	 * {@code size()} walks it, so the members are counted as they come and go (always
	 * inside the rooms map's {@code compute}).
	 */
	private static final class RoomMembers extends ConcurrentSkipListMap<String, InMemoryConnectionRegistry.Entry> {

		private static final long serialVersionUID = 1L;

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public InMemoryConnectionRegistry.@Nullable Entry put(String key, InMemoryConnectionRegistry.Entry value) {
			InMemoryConnectionRegistry.Entry previous = super.put(key, value);
			if (previous == null) {
				this.count.incrementAndGet();
			}
			return previous;
		}

		@Override
		public InMemoryConnectionRegistry.@Nullable Entry remove(Object key) {
			InMemoryConnectionRegistry.Entry previous = super.remove(key);
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

	private static final class Entry {

		private final RegisteredConnection connection;

		private final Set<String> rooms = new HashSet<>(4);

		private volatile @Nullable String user;

		private boolean closed;

		Entry(RegisteredConnection connection) {
			this.connection = connection;
		}

	}

}
