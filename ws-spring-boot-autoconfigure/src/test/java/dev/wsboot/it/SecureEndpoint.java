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


package dev.wsboot.it;

import java.security.Principal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsboot.annotation.OnConnect;
import dev.wsboot.annotation.OnHandshake;
import dev.wsboot.annotation.OnMessage;
import dev.wsboot.annotation.WebSocketEndpoint;
import dev.wsboot.connection.Connection;
import dev.wsboot.connection.Handshake;
import dev.wsboot.connection.HandshakeRejectedException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Token authentication in a query parameter: {@code ?token=t-NAME} is user NAME.
 */
@WebSocketEndpoint(path = "/secure/{room}", authenticated = true)
public class SecureEndpoint {

	final AtomicInteger connects = new AtomicInteger();

	/** How many handshakes reached {@code @OnHandshake}. */
	final AtomicInteger handshakes = new AtomicInteger();

	@OnHandshake
	@Nullable Principal handshake(Handshake handshake) {
		this.handshakes.incrementAndGet();
		String token = handshake.queryParameter("token");
		if ("banned".equals(token)) {
			throw new HandshakeRejectedException(HttpStatus.FORBIDDEN, "banned token");
		}
		if (token == null || !token.startsWith("t-") || token.length() < 3) {
			return null;
		}
		handshake.attributes().put("room at handshake", handshake.pathVariables().get("room"));
		String name = token.substring(2);
		return () -> name;
	}

	@OnConnect
	void connect(Connection connection, Principal principal) {
		this.connects.incrementAndGet();
		connection.send(Map.of("principal", principal.getName(), "user", String.valueOf(connection.user()),
				"room", String.valueOf(connection.attributes().get("room at handshake"))));
	}

	@OnMessage("whoami")
	String whoami(Principal principal) {
		return principal.getName();
	}

}
