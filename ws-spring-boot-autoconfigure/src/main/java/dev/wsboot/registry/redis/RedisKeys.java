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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Every Redis key and pub/sub channel of one cluster, in one place: each is the cluster's
 * key prefix followed by a fixed part and a name. The Lua scripts build the same names
 * from the prefix in their first argument (see {@link Scripts}).
 *
 * @author wsboot
 */
final class RedisKeys {

	private final String prefix;

	private final byte[] prefixBytes;

	RedisKeys(String prefix) {
		this.prefix = prefix;
		this.prefixBytes = bytes(prefix);
	}

	String prefix() {
		return this.prefix;
	}

	/** The prefix, as the first argument of every script. */
	byte[] prefixBytes() {
		return this.prefixBytes;
	}

	/** A room's members: a sorted set of "id, newline, user key". */
	byte[] room(String room) {
		return bytes(this.prefix + "room:" + room);
	}

	/** The rooms with at least one member: a sorted set of names, all of score 0, paged by name. */
	byte[] rooms() {
		return bytes(this.prefix + "rooms");
	}

	/** Limits set for single rooms. */
	byte[] roomLimits() {
		return bytes(this.prefix + "roomlimits");
	}

	/** A connection's record. */
	byte[] connection(String id) {
		return bytes(this.prefix + "conn:" + id);
	}

	/** A connection's rooms. */
	byte[] connectionRooms(String id) {
		return bytes(this.prefix + "conn:" + id + ":rooms");
	}

	/** The connections of a user. */
	byte[] user(String userKey) {
		return bytes(this.prefix + "user:" + userKey);
	}

	/** The connections of a node. */
	byte[] node(String node) {
		return bytes(this.prefix + "node:" + node);
	}

	/** The known nodes. */
	byte[] nodes() {
		return bytes(this.prefix + "nodes");
	}

	/** A node's liveness key. */
	byte[] alive(String node) {
		return bytes(this.prefix + "alive:" + node);
	}

	/** The lock of the one node that sweeps a dead node. */
	byte[] sweepLock(String node) {
		return bytes(this.prefix + "sweep:" + node);
	}

	/** A room's history: a stream whose entry ids are the offsets of its messages. */
	byte[] history(String room) {
		return bytes(this.prefix + "history:" + room);
	}

	/** A room's position: a hash of its epoch and its last offset. */
	byte[] historyPosition(String room) {
		return bytes(this.prefix + "history-position:" + room);
	}

	/** The channel of a room's broadcasts. */
	String roomChannel(String room) {
		return this.prefix + "ch:room:" + room;
	}

	/** The channel of one node: direct and user sends, remote joins, leaves and closes. */
	String nodeChannel(String node) {
		return this.prefix + "ch:node:" + node;
	}

	/** The channel of sends to everyone. */
	String allChannel() {
		return this.prefix + "ch:all";
	}

	/**
	 * Return the node of a connection id: the id up to its last dash.
	 * @param connectionId the connection id
	 * @return the node id, or {@code ""} if the id names none
	 */
	static String nodeOf(String connectionId) {
		int dash = connectionId.lastIndexOf('-');
		return (dash > 0) ? connectionId.substring(0, dash) : "";
	}

	static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	static String string(byte[] value) {
		return new String(value, StandardCharsets.UTF_8);
	}

	/** Read a script's or a command's answer as strings. */
	static List<String> strings(@Nullable Object value) {
		List<String> result = new ArrayList<>();
		if (value instanceof Collection<?> items) {
			for (Object item : items) {
				if (item instanceof byte[] bytes) {
					result.add(string(bytes));
				}
				else if (item != null) {
					result.add(item.toString());
				}
			}
		}
		return result;
	}

}
