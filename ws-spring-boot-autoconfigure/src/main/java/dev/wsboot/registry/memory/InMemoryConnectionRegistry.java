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

package dev.wsboot.registry.memory;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.wsboot.history.HistoryLimits;
import dev.wsboot.history.HistoryPosition;
import dev.wsboot.history.HistorySettings;
import dev.wsboot.history.RoomHistory;
import dev.wsboot.history.RoomHistoryPolicy;
import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.LocalDelivery;
import dev.wsboot.registry.Member;
import dev.wsboot.registry.MemberPage;
import dev.wsboot.registry.MembershipLimits;
import dev.wsboot.registry.RegisteredConnection;
import dev.wsboot.registry.RoomLimitExceededException;
import dev.wsboot.registry.RoomNames;
import dev.wsboot.registry.UserLimitExceededException;
import dev.wsboot.registry.internal.HistoryFrames;
import dev.wsboot.registry.internal.LocalConnection;
import dev.wsboot.registry.internal.LocalIndex;
import dev.wsboot.registry.internal.MemoryHistory;
import dev.wsboot.registry.internal.RoomHistories;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * {@link ConnectionRegistry} for a single node: rooms and users live in this JVM's
 * memory and every connection is local. Needs nothing else to run.
 *
 * <p>
 * Rooms map to their members directly, so a broadcast walks the members of one room and
 * costs nothing for the other rooms; a room disappears with its last member. The limits
 * are checked and applied in one atomic step with each join and each user change.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class InMemoryConnectionRegistry implements ConnectionRegistry {

	private final String nodeId;

	private final AtomicLong sequence = new AtomicLong();

	private final LocalIndex index = new LocalIndex((room) -> {
	});

	private final Map<String, Integer> roomLimits = new ConcurrentHashMap<>();

	private final MembershipLimits limits;

	private volatile @Nullable RoomHistories histories;

	private volatile @Nullable MemoryHistory store;

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

	/**
	 * Set how a message reaches many connections at once; by default
	 * {@link LocalDelivery#serial() one after the other}.
	 * @param delivery the delivery
	 */
	public void setLocalDelivery(LocalDelivery delivery) {
		this.index.setDelivery(delivery);
	}

	/**
	 * Return the id of this node, the prefix of its connection ids.
	 * @return the node id
	 */
	public String nodeId() {
		return this.nodeId;
	}

	@Override
	public String nextConnectionId() {
		return this.nodeId + "-" + Long.toString(this.sequence.incrementAndGet(), 36);
	}

	@Override
	public void register(RegisteredConnection connection) {
		this.index.add(connection);
		String user = connection.userKey();
		if (user != null) {
			try {
				setUser(connection.id(), user);
			}
			catch (UserLimitExceededException ex) {
				this.index.remove(connection.id());
				throw ex;
			}
		}
	}

	@Override
	public Set<String> unregister(String connectionId) {
		LocalConnection local = this.index.remove(connectionId);
		if (local == null) {
			return Set.of();
		}
		synchronized (local) {
			local.close();
			Set<String> left = Set.copyOf(local.rooms());
			for (String room : left) {
				this.index.removeFromRoom(room, connectionId);
			}
			local.rooms().clear();
			String user = local.user();
			if (user != null) {
				this.index.removeFromUser(user, connectionId);
				local.user(null);
			}
			return left;
		}
	}

	@Override
	public boolean setUser(String connectionId, @Nullable String user) {
		LocalConnection local = this.index.get(connectionId);
		if (local == null) {
			return false;
		}
		synchronized (local) {
			if (local.isClosed()) {
				return false;
			}
			String previous = local.user();
			if (user != null && user.equals(previous)) {
				return true;
			}
			if (user != null && !this.index.addToUser(user, local, this.limits.maxConnectionsPerUser())) {
				throw new UserLimitExceededException();
			}
			if (previous != null) {
				this.index.removeFromUser(previous, connectionId);
			}
			local.user(user);
			return true;
		}
	}

	@Override
	public MembershipLimits limits() {
		return this.limits;
	}

	@Override
	public int userConnectionCount(String user) {
		return this.index.userCount(user);
	}

	@Override
	public boolean join(String connectionId, String room) {
		RoomNames.check(room, this.limits.maxRoomNameBytes());
		LocalConnection local = this.index.get(connectionId);
		if (local == null) {
			return false;
		}
		RoomHistories histories = this.histories;
		RoomHistories.Join join;
		synchronized (local) {
			if (local.isClosed() || local.rooms().contains(room)) {
				return false;
			}
			int maxRooms = this.limits.maxRoomsPerConnection();
			if (maxRooms > 0 && local.rooms().size() >= maxRooms) {
				throw new RoomLimitExceededException(RoomLimitExceededException.Limit.TOO_MANY_ROOMS, room);
			}
			int capacity = this.roomLimits.getOrDefault(room, this.limits.maxConnectionsPerRoom());
			join = (histories != null) ? histories.beforeJoin(local, room) : null;
			LocalIndex.Admission admission = this.index.addToRoom(room, local, capacity, this.limits.maxRoomsPerNode());
			if (admission == LocalIndex.Admission.ADDED) {
				local.rooms().add(room);
			}
			else {
				if (join != null) {
					join.finish(false);
				}
				throw new RoomLimitExceededException((admission == LocalIndex.Admission.ROOM_FULL)
						? RoomLimitExceededException.Limit.ROOM_FULL
						: RoomLimitExceededException.Limit.TOO_MANY_ROOMS_ON_NODE, room);
			}
		}
		if (join != null) {
			join.finish(true);
		}
		return true;
	}

	@Override
	public void setHistory(RoomHistoryPolicy policy, HistoryLimits limits) {
		Assert.notNull(policy, "'policy' must not be null");
		MemoryHistory store = new MemoryHistory(limits.maxRooms(), limits.positionTtl(), System::currentTimeMillis);
		this.store = store;
		this.histories = new RoomHistories(policy, store, limits.maxReplay());
	}

	@Override
	public boolean keepsHistory() {
		return this.histories != null;
	}

	@Override
	public @Nullable RoomHistory history(String room, int limit, @Nullable HistoryPosition since) {
		RoomNames.check(room, this.limits.maxRoomNameBytes());
		return RoomHistories.history(this.histories, room, limit, since);
	}

	@Override
	public void setRoomLimit(String room, int maxConnections) {
		RoomNames.check(room, this.limits.maxRoomNameBytes());
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
		RoomNames.check(room, this.limits.maxRoomNameBytes());
		LocalConnection local = this.index.get(connectionId);
		if (local == null) {
			return false;
		}
		synchronized (local) {
			if (!local.rooms().remove(room)) {
				return false;
			}
			this.index.removeFromRoom(room, connectionId);
			return true;
		}
	}

	@Override
	public Set<String> roomsOf(String connectionId) {
		LocalConnection local = this.index.get(connectionId);
		if (local == null) {
			return Set.of();
		}
		synchronized (local) {
			return Set.copyOf(local.rooms());
		}
	}

	@Override
	public boolean isConnected(String connectionId) {
		return this.index.contains(connectionId);
	}

	@Override
	public boolean sendToConnection(String connectionId, OutboundMessage message) {
		LocalConnection local = this.index.get(connectionId);
		if (local == null) {
			return false;
		}
		this.index.deliverTo(local, message);
		return true;
	}

	@Override
	public void sendToRoom(String room, OutboundMessage message, Collection<String> excludedConnectionIds) {
		RoomNames.check(room, this.limits.maxRoomNameBytes());
		RoomHistories histories = this.histories;
		HistorySettings history = (histories != null) ? histories.settings(room) : null;
		MemoryHistory store = this.store;
		if (history == null || store == null) {
			this.index.deliverToRoom(room, message, excludedConnectionIds);
			return;
		}
		HistoryFrames.checkBroadcast(room, message);
		store.append(room, history, message.text(),
				(positioned, position) -> this.index.deliverToRoom(room, positioned, excludedConnectionIds, position));
	}

	@Override
	public void sendToUser(String user, OutboundMessage message) {
		this.index.deliverToUser(user, message);
	}

	@Override
	public void sendToAll(OutboundMessage message) {
		this.index.deliverToAll(message);
	}

	@Override
	public boolean close(String connectionId, CloseStatus status) {
		LocalConnection local = this.index.get(connectionId);
		if (local == null) {
			return false;
		}
		local.connection().close(status);
		return true;
	}

	@Override
	public List<Member> members(String room) {
		RoomNames.check(room, this.limits.maxRoomNameBytes());
		return this.index.members(room, null, Integer.MAX_VALUE).members();
	}

	@Override
	public MemberPage members(String room, @Nullable String after, int limit) {
		RoomNames.check(room, this.limits.maxRoomNameBytes());
		MemberPage.checkQuery(after, limit);
		return this.index.members(room, after, limit);
	}

	@Override
	public int count(String room) {
		RoomNames.check(room, this.limits.maxRoomNameBytes());
		return this.index.roomSize(room);
	}

	@Override
	public Set<String> rooms() {
		return this.index.roomNames();
	}

	@Override
	public int connectionCount() {
		return this.index.size();
	}

	@Override
	public int localRoomCount() {
		return this.index.roomCount();
	}

	@Override
	public @Nullable RegisteredConnection localConnection(String connectionId) {
		LocalConnection local = this.index.get(connectionId);
		return (local != null) ? local.connection() : null;
	}

}
