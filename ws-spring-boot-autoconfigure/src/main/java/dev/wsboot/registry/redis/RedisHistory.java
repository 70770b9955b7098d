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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsboot.history.HistoryMessage;
import dev.wsboot.history.HistoryPosition;
import dev.wsboot.history.HistorySettings;
import dev.wsboot.history.RoomHistory;
import dev.wsboot.registry.internal.HistoryStore;
import dev.wsboot.registry.internal.MemoryHistory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

import static dev.wsboot.registry.redis.RedisKeys.bytes;
import static dev.wsboot.registry.redis.RedisKeys.string;

/**
 * Room histories in Redis: a stream per room, whose entry ids are the messages' offsets,
 * and a small hash with the room's epoch and last offset. Appending a broadcast, giving
 * it its offset and publishing it are one script, so a broadcast to a room with history
 * costs one round trip, as one without; every node, the publishing one too, delivers it
 * from the room's channel, so every member gets a room's messages in offset order. The
 * stream expires a TTL after its last message, and each entry carries its time so that
 * reads skip messages older than the TTL; the hash outlives it by the position TTL. When
 * the hash is gone (Redis flushed, restarted empty, or the room silent past the position
 * TTL), the next use starts a new epoch.
 *
 * @author wsboot
 */
final class RedisHistory implements HistoryStore {

	/** What {@link #READ} and {@link #APPEND} start with when a room has no history yet. */
	private static final String START = """
			local e = redis.call('hget', KEYS[2], 'e')
			if not e then
			  e = ARGV[1]
			  redis.call('del', KEYS[1])
			  redis.call('hset', KEYS[2], 'e', e, 'o', 0)
			end
			""";

	/**
	 * KEYS: stream, hash. ARGV: new epoch, hash TTL, channel, size, TTL, message, frame.
	 * Appends, publishes the frame behind the position (byte 3, the epoch and the offset,
	 * each behind its length), and returns the epoch and the offset.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> APPEND = RedisScript.of(START + """
			redis.call('hincrby', KEYS[2], 'o', 1)
			local o = redis.call('hget', KEYS[2], 'o')
			local t = redis.call('time')
			redis.call('xadd', KEYS[1], 'MAXLEN', ARGV[4], o .. '-0', 't', t[1] .. string.format('%03d', math.floor(t[2] / 1000)), 'd', ARGV[6])
			redis.call('pexpire', KEYS[1], ARGV[5])
			redis.call('pexpire', KEYS[2], ARGV[2])
			redis.call('publish', ARGV[3], string.char(3, #e) .. e .. string.char(#o) .. o .. ARGV[7])
			return {e, o}
			""", List.class);

	/** What {@link #READ} and {@link #QUERY} do once the room's epoch is known. */
	private static final String READ_BODY = """
			local top = redis.call('hget', KEYS[2], 'o')
			local t = redis.call('time')
			local oldest = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[3])
			local limit = tonumber(ARGV[4])
			local result = {e, top, 1}
			if ARGV[5] == '' then
			  local entries = redis.call('xrevrange', KEYS[1], '+', '-', 'COUNT', limit)
			  for i = #entries, 1, -1 do
			    local f = entries[i][2]
			    if tonumber(f[2]) >= oldest then
			      table.insert(result, entries[i][1])
			      table.insert(result, f[4])
			    end
			  end
			  return result
			end
			if ARGV[5] ~= e then result[3] = 0 return result end
			local since, last = tonumber(ARGV[6]), tonumber(top)
			if since > last then result[3] = -1 return result end
			if since == last then return result end
			if ARGV[7] == '1' and last - since > limit then result[3] = 0 return result end
			local entries = redis.call('xrange', KEYS[1], ARGV[8], '+', 'COUNT', limit)
			local kept = 0
			for _, entry in ipairs(entries) do
			  local f = entry[2]
			  if tonumber(f[2]) >= oldest then
			    if kept == 0 and entry[1] ~= ARGV[8] then result[3] = 0 end
			    kept = kept + 1
			    table.insert(result, entry[1])
			    table.insert(result, f[4])
			  end
			end
			if kept == 0 then result[3] = 0 end
			if result[3] == 0 and ARGV[7] == '1' then return {e, top, 0} end
			return result
			""";

	/**
	 * KEYS: stream, hash. ARGV: new epoch, hash TTL, TTL, limit, epoch asked for ('' for
	 * the latest messages), offset asked for, all or nothing ('1'), first id wanted.
	 * Returns the epoch, the last offset, 1 complete / 0 not / -1 ahead, then the id and
	 * the message of each message returned, oldest first.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> READ = RedisScript.of(START + """
			redis.call('pexpire', KEYS[2], ARGV[2])
			""" + READ_BODY, List.class);

	/**
	 * {@link #READ} for a query: the same arguments and result, but a room with no
	 * history yet gets an empty result, and neither its history nor its position is
	 * started or prolonged.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> QUERY = RedisScript.of("""
			local e = redis.call('hget', KEYS[2], 'e')
			if not e then return {} end
			""" + READ_BODY, List.class);

	/** KEYS: stream, hash. ARGV: new epoch, hash TTL. Returns the epoch and the last offset. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> POSITION = RedisScript.of(START + """
			redis.call('pexpire', KEYS[2], ARGV[2])
			return {e, redis.call('hget', KEYS[2], 'o')}
			""", List.class);

	private static final RedisSerializer<byte[]> BYTES = RedisSerializer.byteArray();

	private final RedisKeys keys;

	private final RedisAccess redis;

	private final RoomSubscriptions subscriptions;

	private final Duration positionTtl;

	RedisHistory(RedisKeys keys, RedisAccess redis, RoomSubscriptions subscriptions, Duration positionTtl) {
		this.keys = keys;
		this.redis = redis;
		this.subscriptions = subscriptions;
		this.positionTtl = positionTtl;
	}

	/**
	 * Append a broadcast to its room's history and publish it.
	 * @return the broadcast's position
	 */
	HistoryPosition append(String room, HistorySettings settings, String text, byte[] frame) {
		List<?> result = execute(APPEND, room, MemoryHistory.newEpoch(), hashTtl(settings),
				this.keys.roomChannel(room), Integer.toString(settings.size()), millis(settings.ttl()), text, frame);
		return position(result);
	}

	/**
	 * Append a broadcast to its room's history and publish it, unless Redis is down.
	 * @return the broadcast's position, or {@code null} if Redis is down or failed
	 */
	@Nullable HistoryPosition tryAppend(String room, HistorySettings settings, String text, byte[] frame) {
		try {
			return append(room, settings, text, frame);
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	@Override
	public HistoryPosition position(String room, HistorySettings settings) {
		return position(execute(POSITION, room, MemoryHistory.newEpoch(), hashTtl(settings)));
	}

	@Override
	public RoomHistory read(String room, HistorySettings settings, @Nullable HistoryPosition since, int limit,
			boolean allOrNothing) {
		return history(room, read(READ, room, settings, since, limit, allOrNothing));
	}

	@Override
	public RoomHistory query(String room, HistorySettings settings, @Nullable HistoryPosition since, int limit) {
		List<?> result = read(QUERY, room, settings, since, limit, false);
		return result.isEmpty() ? new RoomHistory(room, null, List.of(), since == null) : history(room, result);
	}

	@SuppressWarnings("rawtypes")
	private List<?> read(RedisScript<List> script, String room, HistorySettings settings,
			@Nullable HistoryPosition since, int limit, boolean allOrNothing) {
		return execute(script, room, MemoryHistory.newEpoch(), hashTtl(settings), millis(settings.ttl()),
				Integer.toString(limit), (since != null) ? since.epoch() : "",
				(since != null) ? Long.toString(since.offset()) : "0", allOrNothing ? "1" : "0",
				(since != null) ? (since.offset() + 1) + "-0" : "0-0");
	}

	private static RoomHistory history(String room, List<?> result) {
		HistoryPosition position = position(result);
		List<HistoryMessage> messages = new ArrayList<>((result.size() - 3) / 2);
		for (int i = 3; i + 1 < result.size(); i += 2) {
			String id = string((byte[]) result.get(i));
			messages.add(new HistoryMessage(Long.parseLong(id.substring(0, id.indexOf('-'))),
					string((byte[]) result.get(i + 1))));
		}
		return new RoomHistory(room, position, messages, ((Long) result.get(2)) == 1);
	}

	@Override
	public void awaitLive(String room) {
		if (this.redis.isDown()) {
			throw new IllegalStateException("Redis is unreachable");
		}
		this.subscriptions.awaitSubscribed(room);
	}

	private String hashTtl(HistorySettings settings) {
		return millis((settings.ttl().compareTo(this.positionTtl) > 0) ? settings.ttl() : this.positionTtl);
	}

	private static String millis(Duration duration) {
		return Long.toString(duration.toMillis());
	}

	private static HistoryPosition position(List<?> result) {
		return new HistoryPosition(string((byte[]) result.get(0)), Long.parseLong(string((byte[]) result.get(1))));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private List<?> execute(RedisScript<List> script, String room, Object... args) {
		Object[] arguments = new Object[args.length];
		for (int i = 0; i < args.length; i++) {
			arguments[i] = (args[i] instanceof String text) ? bytes(text) : args[i];
		}
		// fails fast while Redis is known to be down, and a failure marks it down
		List result = this.redis.attempt("history of a room",
				() -> this.redis.template()
					.execute(script, BYTES, (RedisSerializer<List>) (RedisSerializer<?>) BYTES,
							List.of(this.keys.history(room), this.keys.historyPosition(room)), arguments));
		if (result == null || (script != QUERY && result.size() < 2)) {
			throw new IllegalStateException("Redis is unreachable: no history for room '" + room + "'");
		}
		return result;
	}

}
