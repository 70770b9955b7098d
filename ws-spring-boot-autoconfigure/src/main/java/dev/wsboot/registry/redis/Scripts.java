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

import dev.wsboot.registry.internal.LocalConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

import static dev.wsboot.registry.redis.RedisKeys.bytes;

/**
 * The registry's Lua scripts, each atomic in one round trip, and how to call them. They
 * are Spring Data Redis {@link RedisScript}s, run by a {@link RedisTemplate}'s script
 * executor ({@code EVALSHA}, and {@code EVAL} after a {@code NOSCRIPT}).
 * <p>
 * Every key a script knows from its arguments is declared in {@code KEYS}. Some keys are
 * found in stored data only: the rooms and the previous user of a connection being
 * removed or written again, the liveness key of each known node, the record of each
 * connection of a user. Those scripts get the cluster's key prefix as an argument and
 * build such names as {@link RedisKeys} does; this suits one Redis (or a primary with
 * replicas), and is why Redis Cluster is not supported.
 *
 * @author wsboot
 */
final class Scripts {

	/**
	 * Lua that writes a connection's record, its node, user and room memberships. KEYS:
	 * record, record's rooms, node's connections, user's connections, rooms, then one room
	 * per room argument. ARGV: id, node, user, endpoint, vars, query, (limit or prefix),
	 * rooms...
	 */
	private static final String WRITE_CONNECTION = """
			redis.call('hset', KEYS[1], 'node', ARGV[2], 'user', ARGV[3], 'endpoint', ARGV[4], 'vars', ARGV[5], 'query', ARGV[6])
			redis.call('sadd', KEYS[3], ARGV[1])
			if ARGV[3] ~= '' then redis.call('sadd', KEYS[4], ARGV[1]) end
			for i = 8, #ARGV do
			  redis.call('sadd', KEYS[2], ARGV[i])
			  redis.call('zadd', KEYS[i - 2], 0, ARGV[1] .. '\\n' .. ARGV[3])
			  redis.call('zadd', KEYS[5], 0, ARGV[i])
			end
			""";

	/**
	 * KEYS and ARGV as {@link #WRITE_CONNECTION}, ARGV[7] the user limit (0: none).
	 * Returns 1, or -1 (and writes nothing) if the user is at the limit.
	 */
	private static final RedisScript<Long> REGISTER = RedisScript.of("""
			local limit = tonumber(ARGV[7])
			if ARGV[3] ~= '' and limit > 0 and redis.call('sismember', KEYS[4], ARGV[1]) == 0
			    and redis.call('scard', KEYS[4]) >= limit then
			  return -1
			end
			""" + WRITE_CONNECTION + "return 1\n", Long.class);

	/**
	 * KEYS and ARGV as {@link #WRITE_CONNECTION}, ARGV[7] the prefix. Writes a local
	 * connection again as it is now, dropping rooms Redis still had but it left: what a
	 * node re-asserts, pipelined, after Redis lost its data or missed changes. Returns 1.
	 */
	private static final RedisScript<Long> REASSERT = RedisScript.of("""
			local p, id = ARGV[7], ARGV[1]
			local old = redis.call('hget', KEYS[1], 'user')
			for _, r in ipairs(redis.call('smembers', KEYS[2])) do
			  redis.call('zrem', p .. 'room:' .. r, id .. '\\n' .. (old or ''))
			  if redis.call('exists', p .. 'room:' .. r) == 0 then redis.call('zrem', KEYS[5], r) end
			end
			if old and old ~= '' then redis.call('srem', p .. 'user:' .. old, id) end
			redis.call('del', KEYS[2])
			""" + WRITE_CONNECTION + "return 1\n", Long.class);

	/**
	 * KEYS: rooms, then each connection's record and the record's rooms. ARGV: prefix,
	 * ids... Removes each connection from its rooms, its user and its node, in one round
	 * trip for one connection or a batch of a sweep. Returns, for each connection that was
	 * still there, its id, the number of its rooms, node, user, endpoint, vars, query and
	 * rooms, one after the other; so a removed connection is returned once only, whoever
	 * removes it.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> REMOVE = RedisScript.of("""
			local p = ARGV[1]
			local result = {}
			for i = 2, #ARGV do
			  local id, ck, rk = ARGV[i], KEYS[2 * i - 2], KEYS[2 * i - 1]
			  local h = redis.call('hmget', ck, 'node', 'user', 'endpoint', 'vars', 'query')
			  if h[1] then
			    local rooms = redis.call('smembers', rk)
			    for _, r in ipairs(rooms) do
			      redis.call('zrem', p .. 'room:' .. r, id .. '\\n' .. (h[2] or ''))
			      if redis.call('exists', p .. 'room:' .. r) == 0 then redis.call('zrem', KEYS[1], r) end
			    end
			    if h[2] and h[2] ~= '' then redis.call('srem', p .. 'user:' .. h[2], id) end
			    redis.call('srem', p .. 'node:' .. h[1], id)
			    redis.call('del', ck, rk)
			    table.insert(result, id)
			    table.insert(result, tostring(#rooms))
			    table.insert(result, h[1])
			    table.insert(result, h[2] or '')
			    table.insert(result, h[3] or '')
			    table.insert(result, h[4] or '')
			    table.insert(result, h[5] or '')
			    for _, r in ipairs(rooms) do table.insert(result, r) end
			  end
			end
			return result
			""", List.class);

	/**
	 * KEYS: record, record's rooms, room limits, room, rooms. ARGV: id, room, max rooms
	 * per connection, default room limit (0: none). Returns 1 joined, 0 already a member,
	 * -1 no such connection, -2 too many rooms, -3 room full. The check and the join are
	 * one atomic step.
	 */
	private static final RedisScript<Long> JOIN = RedisScript.of("""
			if redis.call('exists', KEYS[1]) == 0 then return -1 end
			if redis.call('sismember', KEYS[2], ARGV[2]) == 1 then return 0 end
			local maxRooms = tonumber(ARGV[3])
			if maxRooms > 0 and redis.call('scard', KEYS[2]) >= maxRooms then return -2 end
			local limit = tonumber(redis.call('hget', KEYS[3], ARGV[2]) or ARGV[4])
			if limit > 0 and redis.call('zcard', KEYS[4]) >= limit then return -3 end
			redis.call('sadd', KEYS[2], ARGV[2])
			redis.call('zadd', KEYS[4], 0, ARGV[1] .. '\\n' .. (redis.call('hget', KEYS[1], 'user') or ''))
			redis.call('zadd', KEYS[5], 0, ARGV[2])
			return 1
			""", Long.class);

	/** KEYS: record, record's rooms, room, rooms. ARGV: id, room. Returns 1 left, 0 not a member. */
	private static final RedisScript<Long> LEAVE = RedisScript.of("""
			if redis.call('srem', KEYS[2], ARGV[2]) == 0 then return 0 end
			redis.call('zrem', KEYS[3], ARGV[1] .. '\\n' .. (redis.call('hget', KEYS[1], 'user') or ''))
			if redis.call('exists', KEYS[3]) == 0 then redis.call('zrem', KEYS[4], ARGV[2]) end
			return 1
			""", Long.class);

	/**
	 * KEYS: record, record's rooms, the new user's connections. ARGV: id, user ('' for
	 * none), user limit (0: none), prefix. Returns 1, 0 if no such connection, or -2 if the
	 * user is at the limit.
	 */
	private static final RedisScript<Long> SET_USER = RedisScript.of("""
			local id, user, p = ARGV[1], ARGV[2], ARGV[4]
			if redis.call('exists', KEYS[1]) == 0 then return 0 end
			local limit = tonumber(ARGV[3])
			if user ~= '' and limit > 0 and redis.call('sismember', KEYS[3], id) == 0
			    and redis.call('scard', KEYS[3]) >= limit then
			  return -2
			end
			local old = redis.call('hget', KEYS[1], 'user') or ''
			if old ~= '' then redis.call('srem', p .. 'user:' .. old, id) end
			redis.call('hset', KEYS[1], 'user', user)
			if user ~= '' then redis.call('sadd', KEYS[3], id) end
			if old ~= user then
			  for _, r in ipairs(redis.call('smembers', KEYS[2])) do
			    redis.call('zrem', p .. 'room:' .. r, id .. '\\n' .. old)
			    redis.call('zadd', p .. 'room:' .. r, 0, id .. '\\n' .. user)
			  end
			end
			return 1
			""", Long.class);

	/** KEYS: record. ARGV: channel, message. Returns -1 if no such connection, else PUBLISH's result. */
	private static final RedisScript<Long> PUBLISH_IF_CONNECTED = RedisScript.of("""
			if redis.call('exists', KEYS[1]) == 0 then return -1 end
			return redis.call('publish', ARGV[1], ARGV[2])
			""", Long.class);

	/**
	 * KEYS: the user's connections. ARGV: prefix, this node, message. Publishes once to
	 * every other node holding a connection of the user.
	 */
	private static final RedisScript<Long> PUBLISH_TO_USER_NODES = RedisScript.of("""
			local p, self = ARGV[1], ARGV[2]
			local nodes = {}
			for _, id in ipairs(redis.call('smembers', KEYS[1])) do
			  local node = redis.call('hget', p .. 'conn:' .. id, 'node')
			  if node and node ~= self then nodes[node] = true end
			end
			local published = 0
			for node, _ in pairs(nodes) do
			  redis.call('publish', p .. 'ch:node:' .. node, ARGV[3])
			  published = published + 1
			end
			return published
			""", Long.class);

	/**
	 * KEYS: room. ARGV: cursor ('' for the first page), limit. Returns up to limit + 1
	 * entries of the room's sorted set after the cursor, each {@code id \n user}: a page
	 * costs O(log N + limit), whatever the room's size.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> MEMBERS_PAGE = RedisScript.of("""
			local from = (ARGV[1] == '') and '-' or ('[' .. ARGV[1] .. '\\v')
			return redis.call('zrangebylex', KEYS[1], from, '+', 'LIMIT', 0, tonumber(ARGV[2]) + 1)
			""", List.class);

	/**
	 * KEYS: rooms. ARGV: prefix, cursor ('' for the first page), limit. Returns up to
	 * limit + 1 room names after the cursor, each followed by its number of members: a
	 * page costs O(log N + limit), whatever the number of rooms.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ROOMS_PAGE = RedisScript.of("""
			local from = (ARGV[2] == '') and '-' or ('(' .. ARGV[2])
			local result = {}
			for _, r in ipairs(redis.call('zrangebylex', KEYS[1], from, '+', 'LIMIT', 0, tonumber(ARGV[3]) + 1)) do
			  table.insert(result, r)
			  table.insert(result, tostring(redis.call('zcard', ARGV[1] .. 'room:' .. r)))
			end
			return result
			""", List.class);

	/**
	 * KEYS: the node's liveness, nodes. ARGV: node, ttl millis. Returns the previous
	 * liveness value, or nil if it had expired or was lost.
	 */
	private static final RedisScript<byte[]> HEARTBEAT = RedisScript.of("""
			local old = redis.call('get', KEYS[1])
			redis.call('set', KEYS[1], '1', 'PX', ARGV[2])
			redis.call('sadd', KEYS[2], ARGV[1])
			return old
			""", byte[].class);

	/** KEYS: nodes. ARGV: prefix, this node. Returns the known nodes whose liveness key has expired. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> DEAD_NODES = RedisScript.of("""
			local p, self = ARGV[1], ARGV[2]
			local dead = {}
			for _, node in ipairs(redis.call('smembers', KEYS[1])) do
			  if node ~= self and redis.call('exists', p .. 'alive:' .. node) == 0 then table.insert(dead, node) end
			end
			return dead
			""", List.class);

	/**
	 * KEYS: the node's connections, nodes, the node's liveness, its sweep lock. ARGV:
	 * node. Forgets a node once none of its connections is left.
	 */
	private static final RedisScript<Long> FORGET_NODE = RedisScript.of("""
			if redis.call('scard', KEYS[1]) == 0 then
			  redis.call('srem', KEYS[2], ARGV[1])
			  redis.call('del', KEYS[3], KEYS[4])
			  return 1
			end
			return 0
			""", Long.class);

	private static final RedisSerializer<byte[]> BYTES = RedisSerializer.byteArray();

	private final RedisKeys keys;

	private final String nodeId;

	private final RedisTemplate<byte[], byte[]> template;

	Scripts(RedisKeys keys, String nodeId, RedisTemplate<byte[], byte[]> template) {
		this.keys = keys;
		this.nodeId = nodeId;
		this.template = template;
	}

	/**
	 * Write a new connection, unless its user is at the limit.
	 * @param local the connection, its lock held
	 * @param userLimit the user limit (0: none)
	 * @return 1, or -1 if the user is at the limit
	 */
	@Nullable Long register(LocalConnection local, int userLimit) {
		List<String> rooms = List.copyOf(local.rooms());
		return execute(REGISTER, connectionKeys(local, rooms),
				ConnectionRecords.fields(local, this.nodeId, bytes(Integer.toString(userLimit)), rooms));
	}

	/**
	 * Queue the writing again of a local connection, as it is now, on a pipelined
	 * connection: {@link #loadReassert} first.
	 * @param pipeline a connection with an open pipeline
	 * @param local the connection, its lock held
	 */
	void reassertPipelined(RedisConnection pipeline, LocalConnection local) {
		List<String> rooms = List.copyOf(local.rooms());
		List<byte[]> keys = connectionKeys(local, rooms);
		byte[][] args = ConnectionRecords.fields(local, this.nodeId, this.keys.prefixBytes(), rooms);
		pipeline.scriptingCommands().evalSha(REASSERT.getSha1(), ReturnType.INTEGER, keys.size(), keysAndArgs(keys, args));
	}

	/**
	 * Load the re-assertion script into Redis's script cache, as a pipeline that runs it
	 * by its SHA-1 needs after a restart of Redis.
	 * @param connection a connection, not pipelined
	 */
	void loadReassert(RedisConnection connection) {
		connection.scriptingCommands().scriptLoad(bytes(REASSERT.getScriptAsString()));
	}

	/**
	 * Write a local connection again, as it is now.
	 * @param local the connection, its lock held
	 */
	void reassert(LocalConnection local) {
		List<String> rooms = List.copyOf(local.rooms());
		execute(REASSERT, connectionKeys(local, rooms),
				ConnectionRecords.fields(local, this.nodeId, this.keys.prefixBytes(), rooms));
	}

	/**
	 * Remove connections from Redis, with their rooms, user and node.
	 * @param ids the connections
	 * @return the script's answer, read with {@link ConnectionRecords#removed}
	 */
	@SuppressWarnings("rawtypes")
	@Nullable List remove(List<String> ids) {
		List<byte[]> keys = new ArrayList<>(2 * ids.size() + 1);
		byte[][] args = new byte[ids.size() + 1][];
		keys.add(this.keys.rooms());
		args[0] = this.keys.prefixBytes();
		for (int i = 0; i < ids.size(); i++) {
			String id = ids.get(i);
			keys.add(this.keys.connection(id));
			keys.add(this.keys.connectionRooms(id));
			args[i + 1] = bytes(id);
		}
		return execute(REMOVE, keys, args);
	}

	/**
	 * Join a connection to a room if no limit forbids it.
	 * @return 1 joined, 0 already a member, -1 no such connection, -2 too many rooms, -3
	 * room full
	 */
	@Nullable Long join(String id, String room, int maxRooms, int defaultRoomLimit) {
		return execute(JOIN,
				List.of(this.keys.connection(id), this.keys.connectionRooms(id), this.keys.roomLimits(),
						this.keys.room(room), this.keys.rooms()),
				bytes(id), bytes(room), bytes(Integer.toString(maxRooms)), bytes(Integer.toString(defaultRoomLimit)));
	}

	/** Take a connection out of a room: 1 left, 0 not a member. */
	@Nullable Long leave(String id, String room) {
		return execute(LEAVE, List.of(this.keys.connection(id), this.keys.connectionRooms(id), this.keys.room(room),
				this.keys.rooms()), bytes(id), bytes(room));
	}

	/** Set or clear a connection's user: 1, 0 if no such connection, -2 if the user is at the limit. */
	@Nullable Long setUser(String id, @Nullable String user, int userLimit) {
		String name = (user != null) ? user : "";
		return execute(SET_USER,
				List.of(this.keys.connection(id), this.keys.connectionRooms(id), this.keys.user(name)), bytes(id),
				bytes(name), bytes(Integer.toString(userLimit)), this.keys.prefixBytes());
	}

	/** Publish to a channel if a connection exists: -1 if not, else the number of receivers. */
	@Nullable Long publishIfConnected(String id, String channel, byte[] message) {
		return execute(PUBLISH_IF_CONNECTED, List.of(this.keys.connection(id)), bytes(channel), message);
	}

	/** Publish once to every other node that holds a connection of a user: the number of nodes. */
	@Nullable Long publishToUserNodes(String userKey, byte[] message) {
		return execute(PUBLISH_TO_USER_NODES, List.of(this.keys.user(userKey)), this.keys.prefixBytes(),
				bytes(this.nodeId), message);
	}

	/** Up to limit + 1 entries of a room after a cursor, each {@code id \n user}. */
	@SuppressWarnings("rawtypes")
	@Nullable List membersPage(String room, @Nullable String after, int limit) {
		return execute(MEMBERS_PAGE, List.of(this.keys.room(room)), bytes((after != null) ? after : ""),
				bytes(Integer.toString(limit)));
	}

	/** Up to limit + 1 rooms after a cursor, each name followed by its number of members. */
	@SuppressWarnings("rawtypes")
	@Nullable List roomsPage(@Nullable String after, int limit) {
		return execute(ROOMS_PAGE, List.of(this.keys.rooms()), this.keys.prefixBytes(),
				bytes((after != null) ? after : ""), bytes(Integer.toString(limit)));
	}

	/**
	 * Queue this node's liveness refresh on a pipelined connection, with the script's
	 * source, which needs no script cache: the script is short.
	 * @param pipeline a connection with an open pipeline; its answer is the previous
	 * liveness value, or {@code null} if it had expired or was lost
	 * @param ttlMillis the node TTL
	 */
	void heartbeatPipelined(RedisConnection pipeline, long ttlMillis) {
		List<byte[]> keys = List.of(this.keys.alive(this.nodeId), this.keys.nodes());
		pipeline.scriptingCommands().eval(bytes(HEARTBEAT.getScriptAsString()), ReturnType.VALUE, keys.size(),
				keysAndArgs(keys, new byte[][] { bytes(this.nodeId), bytes(Long.toString(ttlMillis)) }));
	}

	/** The known nodes, other than this one, whose liveness key has expired. */
	@SuppressWarnings("rawtypes")
	@Nullable List deadNodes() {
		return execute(DEAD_NODES, List.of(this.keys.nodes()), this.keys.prefixBytes(), bytes(this.nodeId));
	}

	/** Forget a node once none of its connections is left: 1 forgotten, 0 not. */
	@Nullable Long forgetNode(String node) {
		return execute(FORGET_NODE, List.of(this.keys.node(node), this.keys.nodes(), this.keys.alive(node),
				this.keys.sweepLock(node)), bytes(node));
	}

	/** KEYS of {@link #WRITE_CONNECTION} for a connection as it is now. */
	private List<byte[]> connectionKeys(LocalConnection local, List<String> rooms) {
		String id = local.connection().id();
		String user = local.user();
		List<byte[]> keys = new ArrayList<>(5 + rooms.size());
		keys.add(this.keys.connection(id));
		keys.add(this.keys.connectionRooms(id));
		keys.add(this.keys.node(this.nodeId));
		keys.add(this.keys.user((user != null) ? user : ""));
		keys.add(this.keys.rooms());
		for (String room : rooms) {
			keys.add(this.keys.room(room));
		}
		return keys;
	}

	@SuppressWarnings("unchecked")
	private <T> @Nullable T execute(RedisScript<T> script, List<byte[]> keys, byte[]... args) {
		return this.template.execute(script, BYTES, (RedisSerializer<T>) (RedisSerializer<?>) BYTES, keys,
				(Object[]) args);
	}

	private static byte[][] keysAndArgs(List<byte[]> keys, byte[][] args) {
		byte[][] all = new byte[keys.size() + args.length][];
		for (int i = 0; i < keys.size(); i++) {
			all[i] = keys.get(i);
		}
		System.arraycopy(args, 0, all, keys.size(), args.length);
		return all;
	}

}
