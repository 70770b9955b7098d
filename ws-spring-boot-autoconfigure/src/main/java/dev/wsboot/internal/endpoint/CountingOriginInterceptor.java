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

import java.util.Map;

import dev.wsboot.internal.observability.WsMetrics;
import dev.wsboot.internal.observability.WsMetrics.HandshakeRefusal;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * Spring's origin check, with its refusals counted.
 *
 * @author wsboot
 */
final class CountingOriginInterceptor extends OriginHandshakeInterceptor {

	private final WsMetrics metrics;

	private final String endpoint;

	CountingOriginInterceptor(WsMetrics metrics, String endpoint) {
		this.metrics = metrics;
		this.endpoint = endpoint;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws Exception {
		boolean allowed = super.beforeHandshake(request, response, wsHandler, attributes);
		if (!allowed) {
			this.metrics.handshakeRefused(this.endpoint, HandshakeRefusal.ORIGIN);
		}
		return allowed;
	}

}
