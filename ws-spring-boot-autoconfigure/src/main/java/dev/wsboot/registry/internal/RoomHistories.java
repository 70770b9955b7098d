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

import java.util.Objects;

import dev.wsboot.history.HistoryMessage;
import dev.wsboot.history.HistoryPosition;
import dev.wsboot.history.HistorySettings;
import dev.wsboot.history.RoomHistory;
import dev.wsboot.history.RoomHistoryPolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What joining a room with history does for a member of this node, the same in every
 * registry. A plain join tells the member the room's position. A join by a client that
 * presented a position for the room recovers it: the room's live messages are held back
 * from the member from before it joins; the messages it missed are read after the join
 * (once this node receives the room's live messages) and delivered in order, all or
 * none; then the position, saying whether the recovery was complete; then the held-back
 * messages that came after the replay. So the member gets no gap and no duplicate, even
 * while the room is busy.
 *
 * @author wsboot
 */
public final class RoomHistories {

	private static final Log logger = LogFactory.getLog(RoomHistories.class);

	/** The most live messages held back from one member during its recovery of a room. */
	static final int HELD_BACK = 10_000;

	/** The error code that tells a member its room's history could not be read. */
	static final String UNAVAILABLE = "history_unavailable";

	private final RoomHistoryPolicy policy;

	private final HistoryStore store;

	private final int maxReplay;

	/**
	 * Create the histories of a registry.
	 * @param policy which rooms keep a history
	 * @param store where the histories are
	 * @param maxReplay the most messages replayed to a recovering member, per room
	 */
	public RoomHistories(RoomHistoryPolicy policy, HistoryStore store, int maxReplay) {
		Assert.isTrue(maxReplay >= 1, "'maxReplay' must be at least 1");
		this.policy = policy;
		this.store = store;
		this.maxReplay = maxReplay;
	}

	/**
	 * Return a room's history settings.
	 * @param room the room
	 * @return the settings, or {@code null} if it keeps no history
	 */
	public @Nullable HistorySettings settings(String room) {
		return this.policy.historyFor(room);
	}

	/**
	 * Read a room's history, for {@code ConnectionRegistry.history}: the latest messages,
	 * or those after a position.
	 * @param histories the registry's histories, or {@code null} if it keeps none
	 * @param room the room
	 * @param limit the most messages, 1 to {@value HistorySettings#MAX_SIZE}
	 * @param since the position after which to read, or {@code null} for the latest
	 * @return the history, or {@code null} if the room keeps none
	 */
	public static @Nullable RoomHistory history(@Nullable RoomHistories histories, String room, int limit,
			@Nullable HistoryPosition since) {
		Assert.isTrue(limit >= 1 && limit <= HistorySettings.MAX_SIZE,
				() -> "'limit' must be 1 to " + HistorySettings.MAX_SIZE + ", not " + limit);
		HistorySettings settings = (histories != null) ? histories.settings(room) : null;
		if (histories == null || settings == null) {
			return null;
		}
		return histories.store.query(room, settings, since, limit);
	}

	/**
	 * Return where the histories are.
	 * @return the store
	 */
	public HistoryStore store() {
		return this.store;
	}

	/**
	 * Get ready for a member's join of a room, with the member's lock held: for a room
	 * with history, take the member's recovery position, and hold the room's live
	 * messages back if it has one.
	 * @param local the member
	 * @param room the room
	 * @return the join under way, or {@code null} if the room keeps no history
	 */
	public @Nullable Join beforeJoin(LocalConnection local, String room) {
		HistorySettings settings = this.policy.historyFor(room);
		if (settings == null) {
			return null;
		}
		HistoryPosition since = local.takePosition(room);
		return new Join(local, room, settings, since, (since != null) ? local.hold(room, HELD_BACK) : null);
	}

	private void recover(LocalConnection local, String room, HistoryPosition since, HeldMessages held,
			@Nullable RoomHistory history) {
		synchronized (held) {
			if (history == null) {
				// the history could not be read: the member is told, and gets what came live
				local.connection()
					.deliver(HistoryFrames.error(UNAVAILABLE,
							"History of room '" + room + "' is unavailable: nothing was recovered"));
				held.release(null, local.connection()::deliver);
				local.release(room, held);
			}
			else {
				// a member's read starts the history, so it always has a position
				HistoryPosition position = Objects.requireNonNull(history.position());
				if (HistoryStore.isAhead(since, history)) {
					local.connection()
						.deliver(HistoryFrames.badRequest("Recovery position of room '" + room + "' is ahead of the room"));
				}
				for (HistoryMessage message : history.messages()) {
					local.connection()
						.deliver(HistoryFrames.positioned(message.text(), room,
								new HistoryPosition(position.epoch(), message.offset())));
				}
				boolean recovered = history.complete() && !held.overflowed();
				local.connection().deliver(HistoryFrames.position(room, position, recovered));
				// messages the replay covered may still be on their way here (in Redis,
				// published before the read and not yet delivered): the released hold
				// drops them until the first message after the replay comes
				held.release(position, local.connection()::deliver);
			}
		}
	}

	/**
	 * A join of a room with history, under way.
	 */
	public final class Join {

		private final LocalConnection local;

		private final String room;

		private final HistorySettings settings;

		private final @Nullable HistoryPosition since;

		private final @Nullable HeldMessages held;

		Join(LocalConnection local, String room, HistorySettings settings, @Nullable HistoryPosition since,
				@Nullable HeldMessages held) {
			this.local = local;
			this.room = room;
			this.settings = settings;
			this.since = since;
			this.held = held;
		}

		/**
		 * Finish the join, without the member's lock: tell the member the room's
		 * position, or recover the room for it.
		 * @param joined whether the member joined; if not, the held-back messages are
		 * let go
		 */
		public void finish(boolean joined) {
			HeldMessages held = this.held;
			HistoryPosition since = this.since;
			if (!joined) {
				if (held != null) {
					held.discard();
					this.local.release(this.room, held);
				}
				return;
			}
			if (since == null || held == null) {
				// no wait for the room's channel here: a plain join is at most once, as in a
				// room without history (a gap shows in the offsets); only a recovery waits
				try {
					this.local.connection()
						.deliver(HistoryFrames.position(this.room,
								RoomHistories.this.store.position(this.room, this.settings), null));
				}
				catch (RuntimeException ex) {
					logger.warn("History of room '" + this.room + "' unavailable to connection " + this.local.id()
							+ ": " + ex);
					this.local.connection()
						.deliver(HistoryFrames.error(UNAVAILABLE,
								"History of room '" + this.room + "' is unavailable: no position"));
				}
				return;
			}
			// the replay waits until the application accepted the connection: nothing of
			// the room reaches a connection that @OnConnect refuses after the join
			this.local.connection().whenAccepted(() -> replay(since, held));
		}

		private void replay(HistoryPosition since, HeldMessages held) {
			RoomHistory history = null;
			try {
				RoomHistories.this.store.awaitLive(this.room);
				history = RoomHistories.this.store.read(this.room, this.settings, since, RoomHistories.this.maxReplay,
						true);
			}
			catch (RuntimeException ex) {
				logger.warn("History of room '" + this.room + "' unavailable to connection " + this.local.id() + ": "
						+ ex);
			}
			recover(this.local, this.room, since, held, history);
		}

	}

}
