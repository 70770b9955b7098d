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

import java.util.LinkedHashSet;
import java.util.Set;

import dev.wsboot.registry.RegisteredConnection;
import org.jspecify.annotations.Nullable;

/**
 * A connection of this node as the Redis registry keeps it: its rooms and user key,
 * guarded by the object itself.
 *
 * @author wsboot
 */
final class LocalConnection {

	final RegisteredConnection connection;

	final Set<String> rooms = new LinkedHashSet<>(4);

	volatile @Nullable String user;

	boolean closed;

	/** Counts the changes, so that a pipelined re-assert can tell which to redo. */
	int version;

	LocalConnection(RegisteredConnection connection) {
		this.connection = connection;
	}

	String id() {
		return this.connection.id();
	}

}
