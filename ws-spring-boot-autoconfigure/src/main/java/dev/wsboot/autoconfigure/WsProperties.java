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


package dev.wsboot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the WebSocket rooms starter.
 *
 * @author wsboot
 * @since 0.1.0
 */
@ConfigurationProperties("ws")
public class WsProperties {

	/**
	 * Whether to serve the application's @WebSocketEndpoint beans.
	 */
	private boolean enabled = true;

	/**
	 * Name of the JSON field of an inbound message that selects the @OnMessage route.
	 */
	private String routeKey = "action";

	/**
	 * Largest inbound message, counted in bytes (UTF-8 for text) across all of its
	 * fragments. A larger message closes the connection with 1009 before any handler
	 * runs.
	 */
	private DataSize maxMessageSize = DataSize.ofKilobytes(64);

	/**
	 * Origin patterns allowed to open a connection, such as 'https://*.example.com'. Empty
	 * allows same-origin requests and requests without an Origin header only.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Most bytes that may wait in a connection's outbound queue. A client that reads too
	 * slowly to stay under it is closed.
	 */
	private DataSize sendBufferLimit = DataSize.ofKilobytes(512);

	/**
	 * Longest time a single send to a client may take. A client that stays blocked longer
	 * is closed.
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(10);

	private final Container container = new Container();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getRouteKey() {
		return this.routeKey;
	}

	public void setRouteKey(String routeKey) {
		this.routeKey = routeKey;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public DataSize getSendBufferLimit() {
		return this.sendBufferLimit;
	}

	public void setSendBufferLimit(DataSize sendBufferLimit) {
		this.sendBufferLimit = sendBufferLimit;
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public Container getContainer() {
		return this.container;
	}

	/**
	 * Settings applied to the servlet container's WebSocket support.
	 */
	public static class Container {

		/**
		 * Size of the text and binary message buffers that the servlet container allocates
		 * for every WebSocket session of the application, and keeps for the session's
		 * lifetime. Messages larger than this arrive in parts and are assembled up to
		 * 'ws.max-message-size'. Applies to all WebSocket sessions of the server, also
		 * those of hand-written handlers; set it to 8KB to keep Tomcat's default.
		 */
		private DataSize messageBufferSize = DataSize.ofKilobytes(1);

		/**
		 * Whether to apply 'message-buffer-size' to the servlet container.
		 */
		private boolean tuneBuffers = true;

		public DataSize getMessageBufferSize() {
			return this.messageBufferSize;
		}

		public void setMessageBufferSize(DataSize messageBufferSize) {
			this.messageBufferSize = messageBufferSize;
		}

		public boolean isTuneBuffers() {
			return this.tuneBuffers;
		}

		public void setTuneBuffers(boolean tuneBuffers) {
			this.tuneBuffers = tuneBuffers;
		}

	}

}
