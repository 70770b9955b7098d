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

import org.springframework.data.redis.connection.ReturnType;

/**
 * The registry's Lua scripts. Each runs atomically in one round trip. ARGV[1] is always
 * the key prefix.
 *
 * @author wsboot
 */
final class Scripts {

	private Scripts() {
	}

	/**
	 * Lua that writes a connection's record, its node, user and room memberships from
	 * ARGV: prefix, id, node, user, endpoint, vars, query, (unused), rooms...; with
	 * {@code p} the prefix, {@code id} the id and {@code ck} its record's key.
	 */
	private static final String WRITE_CONNECTION = """
			redis.call('hset', ck, 'node', ARGV[3], 'user', ARGV[4], 'endpoint', ARGV[5], 'vars', ARGV[6], 'query', ARGV[7])
			redis.call('sadd', p .. 'node:' .. ARGV[3], id)
			if ARGV[4] ~= '' then redis.call('sadd', p .. 'user:' .. ARGV[4], id) end
			for i = 9, #ARGV do
			  redis.call('sadd', ck .. ':rooms', ARGV[i])
			  redis.call('zadd', p .. 'room:' .. ARGV[i], 0, id .. '\\n' .. ARGV[4])
			  redis.call('sadd', p .. 'rooms', ARGV[i])
			end
			""";

	/**
	 * ARGV: prefix, id, node, user, endpoint, vars, query, user limit (0: none), rooms...
	 * Returns 1, or -1 (and writes nothing) if the user is at the limit.
	 */
	static final LuaScript REGISTER = new LuaScript("""
			local p, id = ARGV[1], ARGV[2]
			local ck = p .. 'conn:' .. id
			local limit = tonumber(ARGV[8])
			if ARGV[4] ~= '' and limit > 0 and redis.call('sismember', p .. 'user:' .. ARGV[4], id) == 0
			    and redis.call('scard', p .. 'user:' .. ARGV[4]) >= limit then
			  return -1
			end
			""" + WRITE_CONNECTION + "return 1\n", ReturnType.INTEGER);

	/**
	 * ARGV: prefix, ids... Removes each connection from its rooms, its user and its node,
	 * in one round trip for one connection or a batch of a sweep. Returns, for each
	 * connection that was still there, its id, the number of its rooms, node, user,
	 * endpoint, vars, query and rooms, one after the other; so a removed connection is
	 * returned once only, whoever removes it.
	 */
	static final LuaScript REMOVE = new LuaScript("""
			local p = ARGV[1]
			local result = {}
			for i = 2, #ARGV do
			  local id = ARGV[i]
			  local ck = p .. 'conn:' .. id
			  local h = redis.call('hmget', ck, 'node', 'user', 'endpoint', 'vars', 'query')
			  if h[1] then
			    local rooms = redis.call('smembers', ck .. ':rooms')
			    for _, r in ipairs(rooms) do
			      redis.call('zrem', p .. 'room:' .. r, id .. '\\n' .. (h[2] or ''))
			      if redis.call('exists', p .. 'room:' .. r) == 0 then redis.call('srem', p .. 'rooms', r) end
			    end
			    if h[2] and h[2] ~= '' then redis.call('srem', p .. 'user:' .. h[2], id) end
			    redis.call('srem', p .. 'node:' .. h[1], id)
			    redis.call('del', ck, ck .. ':rooms')
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
			""", ReturnType.MULTI);

	/**
	 * ARGV: as {@link #REGISTER}, the user limit unused. Writes a local connection again as
	 * it is now, dropping rooms Redis still had but it left: what a node re-asserts,
	 * pipelined, after Redis lost its data or missed changes. Returns 1.
	 */
	static final LuaScript REASSERT = new LuaScript("""
			local p, id = ARGV[1], ARGV[2]
			local ck = p .. 'conn:' .. id
			local old = redis.call('hget', ck, 'user')
			for _, r in ipairs(redis.call('smembers', ck .. ':rooms')) do
			  redis.call('zrem', p .. 'room:' .. r, id .. '\\n' .. (old or ''))
			  if redis.call('exists', p .. 'room:' .. r) == 0 then redis.call('srem', p .. 'rooms', r) end
			end
			if old and old ~= '' then redis.call('srem', p .. 'user:' .. old, id) end
			redis.call('del', ck .. ':rooms')
			""" + WRITE_CONNECTION + "return 1\n", ReturnType.INTEGER);

	/**
	 * ARGV: prefix, id, room, max rooms per connection, default room limit (0: none).
	 * Returns 1 joined, 0 already a member, -1 no such connection, -2 too many rooms, -3
	 * room full. The check and the join are one atomic step.
	 */
	static final LuaScript JOIN = new LuaScript("""
			local p, id, room = ARGV[1], ARGV[2], ARGV[3]
			local ck = p .. 'conn:' .. id
			if redis.call('exists', ck) == 0 then return -1 end
			if redis.call('sismember', ck .. ':rooms', room) == 1 then return 0 end
			local maxRooms = tonumber(ARGV[4])
			if maxRooms > 0 and redis.call('scard', ck .. ':rooms') >= maxRooms then return -2 end
			local limit = tonumber(redis.call('hget', p .. 'roomlimits', room) or ARGV[5])
			if limit > 0 and redis.call('zcard', p .. 'room:' .. room) >= limit then return -3 end
			redis.call('sadd', ck .. ':rooms', room)
			redis.call('zadd', p .. 'room:' .. room, 0, id .. '\\n' .. (redis.call('hget', ck, 'user') or ''))
			redis.call('sadd', p .. 'rooms', room)
			return 1
			""", ReturnType.INTEGER);

	/** ARGV: prefix, id, room. Returns 1 left, 0 not a member. */
	static final LuaScript LEAVE = new LuaScript("""
			local p, id, room = ARGV[1], ARGV[2], ARGV[3]
			local ck = p .. 'conn:' .. id
			if redis.call('srem', ck .. ':rooms', room) == 0 then return 0 end
			redis.call('zrem', p .. 'room:' .. room, id .. '\\n' .. (redis.call('hget', ck, 'user') or ''))
			if redis.call('exists', p .. 'room:' .. room) == 0 then redis.call('srem', p .. 'rooms', room) end
			return 1
			""", ReturnType.INTEGER);

	/**
	 * ARGV: prefix, id, user ('' for none), user limit (0: none). Returns 1, 0 if no such
	 * connection, or -2 if the user is at the limit.
	 */
	static final LuaScript SET_USER = new LuaScript("""
			local p, id, user = ARGV[1], ARGV[2], ARGV[3]
			local ck = p .. 'conn:' .. id
			if redis.call('exists', ck) == 0 then return 0 end
			local limit = tonumber(ARGV[4])
			if user ~= '' and limit > 0 and redis.call('sismember', p .. 'user:' .. user, id) == 0
			    and redis.call('scard', p .. 'user:' .. user) >= limit then
			  return -2
			end
			local old = redis.call('hget', ck, 'user') or ''
			if old ~= '' then redis.call('srem', p .. 'user:' .. old, id) end
			redis.call('hset', ck, 'user', user)
			if user ~= '' then redis.call('sadd', p .. 'user:' .. user, id) end
			if old ~= user then
			  for _, r in ipairs(redis.call('smembers', ck .. ':rooms')) do
			    redis.call('zrem', p .. 'room:' .. r, id .. '\\n' .. old)
			    redis.call('zadd', p .. 'room:' .. r, 0, id .. '\\n' .. user)
			  end
			end
			return 1
			""", ReturnType.INTEGER);

	/** ARGV: prefix, id, channel, message. Returns -1 if no such connection, else PUBLISH's result. */
	static final LuaScript PUBLISH_IF_CONNECTED = new LuaScript("""
			if redis.call('exists', ARGV[1] .. 'conn:' .. ARGV[2]) == 0 then return -1 end
			return redis.call('publish', ARGV[3], ARGV[4])
			""", ReturnType.INTEGER);

	/** ARGV: prefix, user, this node, message. Publishes once to every other node holding a connection of the user. */
	static final LuaScript PUBLISH_TO_USER_NODES = new LuaScript("""
			local p, user, self = ARGV[1], ARGV[2], ARGV[3]
			local nodes = {}
			for _, id in ipairs(redis.call('smembers', p .. 'user:' .. user)) do
			  local node = redis.call('hget', p .. 'conn:' .. id, 'node')
			  if node and node ~= self then nodes[node] = true end
			end
			local published = 0
			for node, _ in pairs(nodes) do
			  redis.call('publish', p .. 'ch:node:' .. node, ARGV[4])
			  published = published + 1
			end
			return published
			""", ReturnType.INTEGER);

	/**
	 * ARGV: prefix, room, cursor ('' for the first page), limit. Returns up to limit + 1
	 * entries of the room's sorted set after the cursor, each {@code id \n user}: a page
	 * costs O(log N + limit), whatever the room's size.
	 */
	static final LuaScript MEMBERS_PAGE = new LuaScript("""
			local from = (ARGV[3] == '') and '-' or ('[' .. ARGV[3] .. '\\v')
			return redis.call('zrangebylex', ARGV[1] .. 'room:' .. ARGV[2], from, '+', 'LIMIT', 0, tonumber(ARGV[4]) + 1)
			""", ReturnType.MULTI);

	/** ARGV: prefix, node, ttl millis. Returns the previous liveness value, or nil if it had expired or was lost. */
	static final LuaScript HEARTBEAT = new LuaScript("""
			local k = ARGV[1] .. 'alive:' .. ARGV[2]
			local old = redis.call('get', k)
			redis.call('set', k, '1', 'PX', ARGV[3])
			redis.call('sadd', ARGV[1] .. 'nodes', ARGV[2])
			return old
			""", ReturnType.VALUE);

	/** ARGV: prefix, this node. Returns the known nodes whose liveness key has expired. */
	static final LuaScript DEAD_NODES = new LuaScript("""
			local p, self = ARGV[1], ARGV[2]
			local dead = {}
			for _, node in ipairs(redis.call('smembers', p .. 'nodes')) do
			  if node ~= self and redis.call('exists', p .. 'alive:' .. node) == 0 then table.insert(dead, node) end
			end
			return dead
			""", ReturnType.MULTI);

	/** ARGV: prefix, node. Forgets a node once none of its connections is left. */
	static final LuaScript FORGET_NODE = new LuaScript("""
			local p, node = ARGV[1], ARGV[2]
			if redis.call('scard', p .. 'node:' .. node) == 0 then
			  redis.call('srem', p .. 'nodes', node)
			  redis.call('del', p .. 'alive:' .. node, p .. 'sweep:' .. node)
			  return 1
			end
			return 0
			""", ReturnType.INTEGER);

}
