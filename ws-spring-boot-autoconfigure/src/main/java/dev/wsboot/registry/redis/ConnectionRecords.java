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
import dev.wsboot.registry.internal.QueryStrings;
import dev.wsboot.registry.RegisteredConnection;
import dev.wsboot.registry.UserKeys;
import dev.wsboot.registry.internal.LocalConnection;
import org.jspecify.annotations.Nullable;

import static dev.wsboot.registry.redis.RedisKeys.bytes;

/**
 * The record Redis keeps of a connection, both ways: the arguments of the scripts that
 * write it (registration and re-assertion), and the connections a removal returns, read
 * back as {@link LostConnection}s.
 *
 * @author wsboot
 */
final class ConnectionRecords {

	private static final String NODE_LOST = "node lost";

	private ConnectionRecords() {
	}

	/**
	 * Return the arguments that write a connection as it is now: id, node, user, endpoint,
	 * path variables, the query parameters it may share, a seventh argument that the
	 * script decides, rooms.
	 * @param local the connection, its lock held
	 * @param nodeId this node
	 * @param seventh the seventh argument
	 * @param rooms the connection's rooms, in the order of the keys that go with them
	 * @return the arguments
	 */
	static byte[][] fields(LocalConnection local, String nodeId, byte[] seventh, List<String> rooms) {
		RegisteredConnection connection = local.connection();
		String user = local.user();
		byte[][] args = new byte[7 + rooms.size()][];
		args[0] = bytes(connection.id());
		args[1] = bytes(nodeId);
		args[2] = bytes((user != null) ? user : "");
		args[3] = bytes(connection.endpoint());
		args[4] = bytes(QueryStrings.formatSingle(connection.pathVariables()));
		args[5] = bytes(QueryStrings.format(connection.sharedQueryParameters()));
		args[6] = seventh;
		int i = 7;
		for (String room : rooms) {
			args[i++] = bytes(room);
		}
		return args;
	}

	/**
	 * Read what {@link Scripts#remove} returned: for each connection it removed, its id,
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
