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


package dev.wsboot.endpoint;

import java.util.List;

import dev.wsboot.connection.DefaultConnection.SendLimits;

import org.springframework.util.Assert;

/**
 * Settings that apply to every endpoint.
 *
 * @param maxMessageSize the largest inbound message, in bytes (UTF-8 for text), assembled
 * from its fragments; a larger one closes the connection with 1009
 * @param sendLimits the limits of each connection's outbound queue
 * @param allowedOrigins origin patterns allowed by default; empty means same-origin only
 * @author wsboot
 * @since 0.1.0
 */
public record EndpointSettings(int maxMessageSize, SendLimits sendLimits, List<String> allowedOrigins) {

	/**
	 * Create settings.
	 * @param maxMessageSize the largest inbound message, in bytes
	 * @param sendLimits the limits of each connection's outbound queue
	 * @param allowedOrigins origin patterns allowed by default
	 */
	public EndpointSettings {
		Assert.isTrue(maxMessageSize > 0, "'maxMessageSize' must be positive");
		allowedOrigins = List.copyOf(allowedOrigins);
	}

}
