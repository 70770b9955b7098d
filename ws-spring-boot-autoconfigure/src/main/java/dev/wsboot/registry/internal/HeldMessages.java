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

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.wsboot.history.HistoryPosition;
import dev.wsboot.protocol.OutboundMessage;
import org.jspecify.annotations.Nullable;

/**
 * The live messages of a room held back from one member while the room's history is
 * replayed to it, up to a capacity; past it, messages are dropped and the recovery is
 * reported incomplete. Guarded by itself.
 *
 * @author wsboot
 */
public final class HeldMessages {

	private final int capacity;

	private final List<OutboundMessage> messages = new ArrayList<>();

	private final List<HistoryPosition> positions = new ArrayList<>();

	private boolean released;

	private @Nullable HistoryPosition releasedAt;

	private boolean overflowed;

	HeldMessages(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Hold back a live message, or, once released, tell whether it is one the member
	 * already got from the replay: a message published before the history was read may
	 * reach this node after the release (in Redis, through the room's channel), and must
	 * not be delivered twice.
	 * @return {@code true} if the message is held back or dropped, {@code false} if it
	 * is to be delivered
	 */
	synchronized boolean add(OutboundMessage message, HistoryPosition position) {
		if (this.released) {
			return isCovered(position);
		}
		if (this.messages.size() < this.capacity) {
			this.messages.add(message);
			this.positions.add(position);
		}
		else {
			this.overflowed = true;
		}
		return true;
	}

	/**
	 * Whether messages were dropped because too many were held back.
	 * @return {@code true} if some were
	 */
	public synchronized boolean overflowed() {
		return this.overflowed;
	}

	/**
	 * Release the messages: hand on, in order, those the member does not have yet, and
	 * from now on let through every message but those. Call with this object's lock
	 * held, together with what must be delivered before them.
	 * @param after the position up to which the member has the room's messages, or
	 * {@code null} if it has none of them
	 * @param delivery takes each message
	 */
	public synchronized void release(@Nullable HistoryPosition after, Consumer<OutboundMessage> delivery) {
		this.releasedAt = after;
		for (int i = 0; i < this.messages.size(); i++) {
			if (!isCovered(this.positions.get(i))) {
				delivery.accept(this.messages.get(i));
			}
		}
		this.messages.clear();
		this.positions.clear();
		this.released = true;
	}

	/**
	 * Drop the messages held back, and let the next ones through.
	 */
	public synchronized void discard() {
		this.messages.clear();
		this.positions.clear();
		this.released = true;
	}

	private boolean isCovered(HistoryPosition position) {
		HistoryPosition after = this.releasedAt;
		return after != null && position.epoch().equals(after.epoch()) && position.offset() <= after.offset();
	}

	/**
	 * Whether the messages were released: from now on only messages the member already
	 * has are held back (dropped).
	 * @return {@code true} once released
	 */
	synchronized boolean isReleased() {
		return this.released;
	}

}
