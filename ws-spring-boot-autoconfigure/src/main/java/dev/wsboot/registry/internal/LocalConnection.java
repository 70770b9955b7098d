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

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.wsboot.history.HistoryPosition;
import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.RegisteredConnection;
import org.jspecify.annotations.Nullable;

/**
 * A connection of this node in a {@link LocalIndex}: its rooms and user key, the
 * recovery positions its client presented, and the rooms whose live messages are held
 * back while their history is replayed to it. Its rooms, its closed flag, its version
 * and its positions are guarded by the object itself: hold its lock to read or change
 * them.
 *
 * @author wsboot
 */
public final class LocalConnection {

	private final RegisteredConnection connection;

	private final Set<String> rooms = new LinkedHashSet<>(4);

	private volatile @Nullable String user;

	private boolean closed;

	private int version;

	private final Map<String, HistoryPosition> positions;

	/** Rooms being recovered: copied on write, under {@link #heldLock}. */
	private volatile Map<String, HeldMessages> held = Map.of();

	private final Object heldLock = new Object();

	LocalConnection(RegisteredConnection connection) {
		this.connection = connection;
		Map<String, HistoryPosition> presented = connection.recoveryPositions();
		this.positions = presented.isEmpty() ? Map.of() : new HashMap<>(presented);
	}

	/**
	 * Return the connection.
	 * @return the connection
	 */
	public RegisteredConnection connection() {
		return this.connection;
	}

	/**
	 * Return the connection id.
	 * @return the id
	 */
	public String id() {
		return this.connection.id();
	}

	/**
	 * Return the connection's rooms, to read or change with the lock held.
	 * @return the rooms
	 */
	public Set<String> rooms() {
		return this.rooms;
	}

	/**
	 * Return the key of the connection's user.
	 * @return the user key, or {@code null}
	 */
	public @Nullable String user() {
		return this.user;
	}

	/**
	 * Set the key of the connection's user (the index of users is the caller's).
	 * @param user the user key, or {@code null}
	 */
	public void user(@Nullable String user) {
		this.user = user;
	}

	/**
	 * Whether the connection was unregistered.
	 * @return {@code true} once closed
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Mark the connection unregistered.
	 */
	public void close() {
		this.closed = true;
	}

	/**
	 * Return the number of changes so far, so that a writer can tell whether the
	 * connection changed while it wrote it elsewhere.
	 * @return the version
	 */
	public int version() {
		return this.version;
	}

	/**
	 * Count a change.
	 */
	public void changed() {
		this.version++;
	}

	/**
	 * Take the recovery position the client presented for a room, with the lock held: a
	 * position is used once.
	 * @param room the room
	 * @return the position, or {@code null} if none
	 */
	public @Nullable HistoryPosition takePosition(String room) {
		return this.positions.isEmpty() ? null : this.positions.remove(room);
	}

	/**
	 * Start holding back the live messages of a room, before the connection joins it.
	 * @param room the room
	 * @param capacity the most messages held back
	 * @return what is held back
	 */
	public HeldMessages hold(String room, int capacity) {
		HeldMessages messages = new HeldMessages(capacity);
		synchronized (this.heldLock) {
			Map<String, HeldMessages> copy = new HashMap<>(this.held);
			copy.put(room, messages);
			this.held = Map.copyOf(copy);
		}
		return messages;
	}

	/**
	 * Stop holding back a room's messages; from now on they are delivered.
	 * @param room the room
	 * @param messages what was held back, released by the caller
	 */
	public void release(String room, HeldMessages messages) {
		synchronized (this.heldLock) {
			if (this.held.get(room) == messages) {
				Map<String, HeldMessages> copy = new HashMap<>(this.held);
				copy.remove(room);
				this.held = copy.isEmpty() ? Map.of() : Map.copyOf(copy);
			}
		}
	}

	/**
	 * Hold back a live message of a room being recovered.
	 * @param room the room
	 * @param message the message
	 * @param offset its offset
	 * @return {@code true} if it was held back, {@code false} if it is to be delivered
	 */
	boolean holdBack(String room, OutboundMessage message, HistoryPosition position) {
		Map<String, HeldMessages> rooms = this.held;
		if (rooms.isEmpty()) {
			return false;
		}
		HeldMessages messages = rooms.get(room);
		if (messages == null) {
			return false;
		}
		if (messages.add(message, position)) {
			return true;
		}
		if (messages.isReleased()) {
			// a message after the replay: the room's messages arrive in order, so no
			// message the member already has can follow; stop looking
			release(room, messages);
		}
		return false;
	}

}
