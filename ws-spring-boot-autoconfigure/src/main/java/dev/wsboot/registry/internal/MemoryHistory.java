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

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.wsboot.history.HistoryMessage;
import dev.wsboot.history.HistoryPosition;
import dev.wsboot.history.HistorySettings;
import dev.wsboot.history.RoomHistory;
import dev.wsboot.protocol.OutboundMessage;
import org.jspecify.annotations.Nullable;

/**
 * Room histories of one node: a bounded ring of messages per room, each message kept for
 * the room's TTL, and the room's position kept for the position TTL after its last use.
 * A broadcast is appended and delivered under its room's lock, so the members get a
 * room's messages in the order of their offsets. At most a number of rooms are kept; past
 * that, rooms whose history has expired go first, then the room used least recently.
 * Nothing runs in the background: expired rooms are dropped as rooms come and go, and at
 * most once a minute otherwise.
 *
 * @author wsboot
 */
public final class MemoryHistory implements HistoryStore {

	private static final long PURGE_INTERVAL_MILLIS = 60_000;

	private static final char[] EPOCH_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		.toCharArray();

	private final Map<String, Ring> rooms = new ConcurrentHashMap<>();

	private final int maxRooms;

	private final long positionTtlMillis;

	private final LongSupplier clock;

	private final AtomicLong purgedAt;

	/**
	 * Create a store.
	 * @param maxRooms the most rooms whose history is kept
	 * @param positionTtl how long a room's position outlives its last use
	 * @param clock the clock, in milliseconds
	 */
	public MemoryHistory(int maxRooms, Duration positionTtl, LongSupplier clock) {
		this.maxRooms = maxRooms;
		this.positionTtlMillis = positionTtl.toMillis();
		this.clock = clock;
		this.purgedAt = new AtomicLong(clock.getAsLong());
	}

	/**
	 * Return a new epoch: ten random letters and digits.
	 * @return the epoch
	 */
	public static String newEpoch() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] epoch = new char[10];
		for (int i = 0; i < epoch.length; i++) {
			epoch[i] = EPOCH_CHARACTERS[random.nextInt(EPOCH_CHARACTERS.length)];
		}
		return new String(epoch);
	}

	/**
	 * Append a broadcast to its room's history and deliver it, with its position, under
	 * the room's lock.
	 * @param room the room
	 * @param settings the room's history settings
	 * @param text the broadcast, a JSON object
	 * @param delivery delivers the positioned message
	 */
	public void append(String room, HistorySettings settings, String text, Delivery delivery) {
		while (true) {
			Ring ring = ring(room);
			synchronized (ring) {
				if (ring.removed) {
					continue;
				}
				long now = this.clock.getAsLong();
				ring.offset++;
				ring.touched = now;
				ring.entries.addLast(new Entry(ring.offset, text, now));
				ring.trim(settings, now);
				HistoryPosition position = new HistoryPosition(ring.epoch, ring.offset);
				delivery.deliver(HistoryFrames.positioned(text, room, position), position);
				return;
			}
		}
	}

	@Override
	public HistoryPosition position(String room, HistorySettings settings) {
		while (true) {
			Ring ring = ring(room);
			synchronized (ring) {
				if (!ring.removed) {
					ring.touched = this.clock.getAsLong();
					return new HistoryPosition(ring.epoch, ring.offset);
				}
			}
		}
	}

	@Override
	public RoomHistory read(String room, HistorySettings settings, @Nullable HistoryPosition since, int limit,
			boolean allOrNothing) {
		while (true) {
			Ring ring = ring(room);
			synchronized (ring) {
				if (ring.removed) {
					continue;
				}
				long now = this.clock.getAsLong();
				ring.touched = now;
				ring.trim(settings, now);
				return ring.read(room, since, limit, allOrNothing);
			}
		}
	}

	@Override
	public RoomHistory query(String room, HistorySettings settings, @Nullable HistoryPosition since, int limit) {
		Ring ring = this.rooms.get(room);
		if (ring != null) {
			synchronized (ring) {
				if (!ring.removed) {
					ring.trim(settings, this.clock.getAsLong());
					return ring.read(room, since, limit, false);
				}
			}
		}
		return new RoomHistory(room, null, List.of(), since == null);
	}

	/**
	 * Return how many rooms have a history here.
	 * @return the number of rooms
	 */
	public int roomCount() {
		return this.rooms.size();
	}

	private Ring ring(String room) {
		Ring ring = this.rooms.get(room);
		if (ring != null) {
			return ring;
		}
		long now = this.clock.getAsLong();
		if (this.rooms.size() >= this.maxRooms) {
			purge(now, true);
		}
		else {
			long last = this.purgedAt.get();
			if (now - last >= PURGE_INTERVAL_MILLIS && this.purgedAt.compareAndSet(last, now)) {
				purge(now, false);
			}
		}
		return this.rooms.computeIfAbsent(room, (name) -> new Ring(newEpoch(), now));
	}

	/**
	 * Drop the rooms unused for longer than the position TTL and, when the store is full,
	 * the one used least recently.
	 */
	private void purge(long now, boolean makeRoom) {
		Ring oldest = null;
		String oldestName = null;
		for (Iterator<Map.Entry<String, Ring>> it = this.rooms.entrySet().iterator(); it.hasNext();) {
			Map.Entry<String, Ring> entry = it.next();
			Ring ring = entry.getValue();
			synchronized (ring) {
				if (now - ring.touched > this.positionTtlMillis) {
					ring.removed = true;
					it.remove();
					continue;
				}
			}
			if (oldest == null || ring.touched < oldest.touched) {
				oldest = ring;
				oldestName = entry.getKey();
			}
		}
		if (makeRoom && oldest != null && this.rooms.size() >= this.maxRooms) {
			synchronized (oldest) {
				oldest.removed = true;
				this.rooms.remove(oldestName, oldest);
			}
		}
	}

	/**
	 * Hands a positioned broadcast to the room's members.
	 */
	@FunctionalInterface
	public interface Delivery {

		/**
		 * Deliver a broadcast.
		 * @param message the message with its position
		 * @param position its position
		 */
		void deliver(OutboundMessage message, HistoryPosition position);

	}

	private record Entry(long offset, String text, long at) {

	}

	/** One room's history; guarded by itself. */
	private static final class Ring {

		private final String epoch;

		private final ArrayDeque<Entry> entries = new ArrayDeque<>();

		private long offset;

		private long touched;

		private boolean removed;

		Ring(String epoch, long now) {
			this.epoch = epoch;
			this.touched = now;
		}

		void trim(HistorySettings settings, long now) {
			long oldest = now - settings.ttl().toMillis();
			while (!this.entries.isEmpty()
					&& (this.entries.size() > settings.size() || this.entries.peekFirst().at() < oldest)) {
				this.entries.pollFirst();
			}
		}

		RoomHistory read(String room, @Nullable HistoryPosition since, int limit, boolean allOrNothing) {
			HistoryPosition now = new HistoryPosition(this.epoch, this.offset);
			List<HistoryMessage> messages = new ArrayList<>(Math.min(limit, this.entries.size()));
			if (since == null) {
				int skip = Math.max(0, this.entries.size() - limit);
				for (Entry entry : this.entries) {
					if (skip-- <= 0) {
						messages.add(new HistoryMessage(entry.offset(), entry.text()));
					}
				}
				return new RoomHistory(room, now, messages, true);
			}
			if (!since.epoch().equals(this.epoch) || since.offset() > this.offset
					|| (allOrNothing && this.offset - since.offset() > limit)) {
				return new RoomHistory(room, now, List.of(), false);
			}
			Entry first = this.entries.peekFirst();
			boolean complete = since.offset() == this.offset || (first != null && first.offset() <= since.offset() + 1);
			if (allOrNothing && !complete) {
				return new RoomHistory(room, now, List.of(), false);
			}
			for (Entry entry : this.entries) {
				if (entry.offset() > since.offset() && messages.size() < limit) {
					messages.add(new HistoryMessage(entry.offset(), entry.text()));
				}
			}
			return new RoomHistory(room, now, messages, complete);
		}

	}

}
