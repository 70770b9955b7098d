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
import java.util.function.Consumer;

import dev.wsboot.protocol.OutboundMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator.OverflowStrategy;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * The outbound path on a container without Tomcat's native session: Spring's
 * {@link ConcurrentWebSocketSessionDecorator}, with the connection's send limits. The
 * first sender to find the session idle writes itself.
 *
 * @author wsboot
 */
final class DecoratedOutbound implements Outbound {

	private static final Log logger = LogFactory.getLog(DefaultConnection.class);

	private final ConcurrentWebSocketSessionDecorator sender;

	private final Consumer<CloseStatus> closer;

	/**
	 * Create the path.
	 * @param session the session
	 * @param sendTimeLimitMillis the longest a single send may take
	 * @param bufferSizeLimitBytes the most bytes that may wait
	 * @param closer the connection's own close: it records the status and comes back to
	 * {@link #closeNow}
	 */
	DecoratedOutbound(WebSocketSession session, int sendTimeLimitMillis, int bufferSizeLimitBytes,
			Consumer<CloseStatus> closer) {
		this.sender = new ConcurrentWebSocketSessionDecorator(session, sendTimeLimitMillis, bufferSizeLimitBytes,
				OverflowStrategy.TERMINATE);
		this.closer = closer;
	}

	@Override
	public void send(OutboundMessage message) {
		send(message.toWebSocketMessage());
	}

	@Override
	public void send(WebSocketMessage<?> message) {
		try {
			this.sender.sendMessage(message);
		}
		catch (SessionLimitExceededException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Closing slow connection " + this.sender.getId() + ": " + ex.getMessage());
			}
			this.closer.accept(DefaultConnection.SLOW_CONSUMER);
		}
		catch (IOException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Send to connection " + this.sender.getId() + " failed: " + ex);
			}
		}
	}

	@Override
	public void close(CloseStatus status) {
		// nothing waits in a lane: close at once, through the connection
		this.closer.accept(status);
	}

	@Override
	public void closeNow(CloseStatus status, boolean slow) {
		try {
			this.sender.close(status);
		}
		catch (IOException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Close of connection " + this.sender.getId() + " failed: " + ex);
			}
		}
	}

	@Override
	public void awaitWritten(long nanos) {
		// the decorator writes on the sending thread: nothing waits in a lane
	}

	@Override
	public void checkStuck() {
		// the decorator checks its limits on every send
	}

	@Override
	public boolean isStuck() {
		return false;
	}

}
