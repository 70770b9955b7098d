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

package dev.wsboot.registry;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.wsboot.protocol.OutboundMessage;

/**
 * Hands one message to many connections of this node, as a registry does for a room
 * broadcast, a user's connections or everyone. The starter's own spreads the writes over
 * the cores; {@link #serial()} delivers in the calling thread, one connection after the
 * other.
 *
 * @author wsboot
 * @since 0.1.0
 */
@FunctionalInterface
public interface LocalDelivery {

	/**
	 * Deliver a message to connections. Must not block on a slow client and must not
	 * throw; a message from one thread reaches each connection in the order the thread
	 * sent it, also relative to {@link RegisteredConnection#deliver single deliveries}.
	 * @param connections the connections, a snapshot the caller no longer changes
	 * @param message the message, encoded once for all
	 */
	void deliver(List<? extends RegisteredConnection> connections, OutboundMessage message);

	/**
	 * Return a delivery that calls {@link RegisteredConnection#deliver} for each
	 * connection in turn.
	 * @return the serial delivery
	 */
	static LocalDelivery serial() {
		return SerialDelivery.INSTANCE;
	}

	/**
	 * One connection after the other, in the calling thread.
	 */
	final class SerialDelivery implements LocalDelivery {

		private static final Log logger = LogFactory.getLog(SerialDelivery.class);

		static final SerialDelivery INSTANCE = new SerialDelivery();

		private SerialDelivery() {
		}

		@Override
		public void deliver(List<? extends RegisteredConnection> connections, OutboundMessage message) {
			for (RegisteredConnection connection : connections) {
				try {
					connection.deliver(message);
				}
				catch (RuntimeException ex) {
					logger.warn("Delivery to connection " + connection.id() + " failed", ex);
				}
			}
		}

	}

}
