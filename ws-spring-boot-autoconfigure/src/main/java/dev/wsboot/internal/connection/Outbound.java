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

package dev.wsboot.internal.connection;

import dev.wsboot.protocol.OutboundMessage;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * How a connection's messages reach its client: through a write lane
 * ({@link LaneOutbound}), or, on a container that is not Tomcat, through Spring's
 * concurrent session decorator ({@link DecoratedOutbound}). The connection checks that
 * its session is open, keeps the status it closed with, and hands everything else here.
 *
 * @author wsboot
 */
interface Outbound {

	/**
	 * Send an encoded message.
	 * @param message the message
	 */
	void send(OutboundMessage message);

	/**
	 * Send a message as Spring has it, such as a ping.
	 * @param message the message
	 */
	void send(WebSocketMessage<?> message);

	/**
	 * Close after what was handed over before, so that the close frame never races a
	 * write in progress.
	 * @param status the close status
	 */
	void close(CloseStatus status);

	/**
	 * Close the session now.
	 * @param status the close status
	 * @param slow whether the client is closed for not reading, so that it would not
	 * read the close frame either
	 */
	void closeNow(CloseStatus status, boolean slow);

	/**
	 * Wait until what was sent to this connection alone has been written, at most for
	 * the given time.
	 * @param nanos the longest wait
	 */
	void awaitWritten(long nanos);

	/**
	 * Close the client as slow if a write to it has been pending for too long.
	 */
	void checkStuck();

	/**
	 * Whether a write has been pending for longer than the send time limit.
	 * @return whether the client is stuck
	 */
	boolean isStuck();

}
