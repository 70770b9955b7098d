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
import java.util.List;
import java.util.Set;

import dev.wsboot.registry.LostConnection;
import dev.wsboot.registry.QueryStrings;
import dev.wsboot.registry.RegisteredConnection;
import dev.wsboot.registry.UserKeys;
import dev.wsboot.registry.internal.LocalConnection;
import org.jspecify.annotations.Nullable;

import static dev.wsboot.registry.redis.RedisKeys.bytes;

/**
 * The record Redis keeps of a connection, both ways: the arguments of the scripts that
 * write it ({@link Scripts#REGISTER}, {@link Scripts#REASSERT}), and the connections a
 * {@link Scripts#REMOVE} returns, read back as {@link LostConnection}s.
 *
 * @author wsboot
 */
final class ConnectionRecords {

	private static final String NODE_LOST = "node lost";

	private final RedisKeys keys;

	private final String nodeId;

	ConnectionRecords(RedisKeys keys, String nodeId) {
		this.keys = keys;
		this.nodeId = nodeId;
	}

	/**
	 * Return the arguments that write a connection as it is now: prefix, id, node, user,
	 * endpoint, path variables, the query parameters it may share, the user limit, rooms.
	 * @param local the connection, its lock held
	 * @param userLimit the user limit to check (0: none)
	 * @return the arguments
	 */
	byte[][] write(LocalConnection local, int userLimit) {
		List<byte[]> args = new ArrayList<>();
		RegisteredConnection connection = local.connection();
		String user = local.user();
		args.add(this.keys.prefixBytes());
		args.add(bytes(connection.id()));
		args.add(bytes(this.nodeId));
		args.add(bytes((user != null) ? user : ""));
		args.add(bytes(connection.endpoint()));
		args.add(bytes(QueryStrings.formatSingle(connection.pathVariables())));
		args.add(bytes(QueryStrings.format(connection.sharedQueryParameters())));
		args.add(bytes(Integer.toString(userLimit)));
		for (String room : local.rooms()) {
			args.add(bytes(room));
		}
		return args.toArray(byte[][]::new);
	}

	/**
	 * Return the arguments that remove connections.
	 * @param ids the ids
	 * @return the arguments: prefix, ids
	 */
	byte[][] remove(List<byte[]> ids) {
		byte[][] args = new byte[ids.size() + 1][];
		args[0] = this.keys.prefixBytes();
		for (int i = 0; i < ids.size(); i++) {
			args[i + 1] = ids.get(i);
		}
		return args;
	}

	/**
	 * Read what {@link Scripts#REMOVE} returned: for each connection it removed, its id,
	 * the number of its rooms, node, user, endpoint, path variables, query and rooms.
	 * @param result the script's answer
	 * @return the removed connections
	 */
	static List<LostConnection> removed(@Nullable Object result) {
		List<String> flat = RedisKeys.strings(result);
		List<LostConnection> removed = new ArrayList<>();
		int i = 0;
		while (i + 7 <= flat.size()) {
			String id = flat.get(i);
			int rooms = Integer.parseInt(flat.get(i + 1));
			List<String> record = flat.subList(i + 2, i + 7 + rooms);
			i += 7 + rooms;
			String user = record.get(1).isEmpty() ? null : UserKeys.name(record.get(1));
			removed.add(new LostConnection(id, record.get(2), QueryStrings.parseSingle(record.get(3)),
					QueryStrings.parse(record.get(4)), user, Set.copyOf(record.subList(5, record.size())), NODE_LOST));
		}
		return removed;
	}

}
