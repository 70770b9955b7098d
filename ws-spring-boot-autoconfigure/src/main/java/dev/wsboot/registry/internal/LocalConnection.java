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

import java.util.LinkedHashSet;
import java.util.Set;

import dev.wsboot.registry.RegisteredConnection;
import org.jspecify.annotations.Nullable;

/**
 * A connection of this node in a {@link LocalIndex}: its rooms and user key. Its rooms,
 * its closed flag and its version are guarded by the object itself: hold its lock to
 * read or change them.
 *
 * @author wsboot
 */
public final class LocalConnection {

	private final RegisteredConnection connection;

	private final Set<String> rooms = new LinkedHashSet<>(4);

	private volatile @Nullable String user;

	private boolean closed;

	private int version;

	LocalConnection(RegisteredConnection connection) {
		this.connection = connection;
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

}
