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


package dev.wsboot.internal.endpoint;

import java.time.Duration;
import java.util.List;

import dev.wsboot.internal.connection.DefaultConnection.SendLimits;

import org.springframework.util.Assert;

/**
 * Settings that apply to every endpoint.
 *
 * @param maxMessageSize the largest inbound message, in bytes (UTF-8 for text), assembled
 * from its fragments; a larger one closes the connection with 1009
 * @param sendLimits the limits of each connection's outbound queue
 * @param allowedOrigins origin patterns allowed by default; empty means same-origin only
 * @param rateLimit the inbound rate limit of every connection
 * @param heartbeatInterval how often an idle connection is pinged, or zero for never
 * @param idleTimeout how long a connection may stay without any inbound traffic (messages
 * or pongs) before it is closed, or zero for forever
 * @param compression whether to negotiate permessage-deflate with clients that offer it
 * @param maxConnections the most WebSocket connections of the node, or zero for no cap
 * @param maxConnectionsPerAddress the most WebSocket connections from one remote address,
 * or zero for no cap
 * @author wsboot
 * @since 0.1.0
 */
public record EndpointSettings(int maxMessageSize, SendLimits sendLimits, List<String> allowedOrigins,
		RateLimitSettings rateLimit, Duration heartbeatInterval, Duration idleTimeout, boolean compression,
		int maxConnections, int maxConnectionsPerAddress) {

	/**
	 * Create settings.
	 * @param maxMessageSize the largest inbound message, in bytes
	 * @param sendLimits the limits of each connection's outbound queue
	 * @param allowedOrigins origin patterns allowed by default
	 * @param rateLimit the inbound rate limit
	 * @param heartbeatInterval how often an idle connection is pinged
	 * @param idleTimeout how long a connection may stay silent
	 * @param compression whether to negotiate permessage-deflate
	 * @param maxConnections the most connections of the node, or zero for no cap
	 * @param maxConnectionsPerAddress the most connections from one address, or zero
	 */
	public EndpointSettings {
		Assert.isTrue(maxConnections >= 0, "'maxConnections' must not be negative");
		Assert.isTrue(maxConnectionsPerAddress >= 0, "'maxConnectionsPerAddress' must not be negative");
		Assert.isTrue(maxMessageSize > 0, "'maxMessageSize' must be positive");
		Assert.isTrue(!heartbeatInterval.isNegative(), "'heartbeatInterval' must not be negative");
		Assert.isTrue(!idleTimeout.isNegative(), "'idleTimeout' must not be negative");
		allowedOrigins = List.copyOf(allowedOrigins);
	}

}
