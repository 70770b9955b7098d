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

import java.io.IOException;

import dev.wsboot.protocol.OutboundMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The outbound path through the write lanes: the connection's {@link OutboundQueue} on
 * its lane, and Tomcat's session for closing.
 *
 * @author wsboot
 */
final class LaneOutbound implements Outbound {

	private static final Log logger = LogFactory.getLog(DefaultConnection.class);

	static final String ABNORMAL_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";

	static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	/**
	 * How long a close waits for a write in progress before the connection is dropped
	 * without a close frame: the client the write waits for reads nothing, so it would
	 * not read the close frame either.
	 */
	private static final long STUCK_CLOSE_TIMEOUT_MILLIS = 10;

	private final OutboundQueue queue;

	private final WebSocketSession session;

	private final jakarta.websocket.Session nativeSession;

	LaneOutbound(OutboundQueue queue, WebSocketSession session, jakarta.websocket.Session nativeSession) {
		this.queue = queue;
		this.session = session;
		this.nativeSession = nativeSession;
	}

	OutboundQueue queue() {
		return this.queue;
	}

	@Override
	public void send(OutboundMessage message) {
		this.queue.send(message);
	}

	@Override
	public void send(WebSocketMessage<?> message) {
		this.queue.send(message);
	}

	@Override
	public void close(CloseStatus status) {
		this.queue.close(status);
	}

	@Override
	public void closeNow(CloseStatus status, boolean slow) {
		// a client closed as slow, or with a write in progress, reads nothing: it would not
		// read the close frame either
		boolean stuck = this.queue.isWriting() || slow;
		try {
			if (stuck && this.nativeSession.isOpen()) {
				// Tomcat writes the close frame after the write in progress, and waits for
				// room in a full socket: drop the connection instead, at once (a normal close
				// waits for the blocking send timeout, any other for the abnormal one)
				this.nativeSession.getUserProperties().put(ABNORMAL_CLOSE_TIMEOUT, STUCK_CLOSE_TIMEOUT_MILLIS);
				this.nativeSession.getUserProperties().put(BLOCKING_SEND_TIMEOUT, STUCK_CLOSE_TIMEOUT_MILLIS);
			}
			this.session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Close of connection " + this.session.getId() + " failed: " + ex);
			}
		}
		finally {
			if (stuck) {
				this.queue.abortWrite();
			}
		}
	}

	@Override
	public void awaitWritten(long nanos) {
		this.queue.awaitWritten(nanos);
	}

	@Override
	public void checkStuck() {
		this.queue.checkStuck();
	}

	@Override
	public boolean isStuck() {
		return this.queue.isStuck();
	}

}
