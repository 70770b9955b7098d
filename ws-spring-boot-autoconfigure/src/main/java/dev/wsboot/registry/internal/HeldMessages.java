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

import dev.wsboot.protocol.OutboundMessage;

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

	private final List<Long> offsets = new ArrayList<>();

	private boolean released;

	private boolean overflowed;

	HeldMessages(int capacity) {
		this.capacity = capacity;
	}

	synchronized boolean add(OutboundMessage message, long offset) {
		if (this.released) {
			return false;
		}
		if (this.messages.size() < this.capacity) {
			this.messages.add(message);
			this.offsets.add(offset);
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
	 * Release the messages: hand those after an offset on, in order, and let the next
	 * ones through. Call with this object's lock held, together with what must be
	 * delivered before them.
	 * @param after the offset up to which the member has the messages
	 * @param delivery takes each message
	 */
	public synchronized void release(long after, Consumer<OutboundMessage> delivery) {
		for (int i = 0; i < this.messages.size(); i++) {
			if (this.offsets.get(i) > after) {
				delivery.accept(this.messages.get(i));
			}
		}
		this.messages.clear();
		this.offsets.clear();
		this.released = true;
	}

}
