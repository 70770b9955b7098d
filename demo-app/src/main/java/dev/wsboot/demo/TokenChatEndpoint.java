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


package dev.wsboot.demo;

import java.security.Principal;

import dev.wsboot.annotation.OnConnect;
import dev.wsboot.annotation.OnHandshake;
import dev.wsboot.annotation.PathParam;
import dev.wsboot.annotation.WebSocketEndpoint;
import dev.wsboot.connection.Connection;
import dev.wsboot.connection.Handshake;
import dev.wsboot.connection.HandshakeRejectedException;
import dev.wsboot.messaging.WebSocketMessenger;

import org.springframework.http.HttpStatus;

/**
 * The same chat behind token authentication: {@code /private/{room}?token=T}, with a
 * token from {@code POST /tokens}. The token goes in a query parameter because browsers
 * cannot set headers on a WebSocket request; a missing, forged or expired one gets HTTP
 * 401 before the upgrade.
 *
 * @author wsboot
 */
@WebSocketEndpoint(path = "/private/{room}", authenticated = true)
class TokenChatEndpoint extends ChatRoom {

	private final TokenService tokens;

	TokenChatEndpoint(WebSocketMessenger messenger, TokenService tokens) {
		super(messenger);
		this.tokens = tokens;
	}

	@OnHandshake
	Principal authenticate(Handshake handshake) {
		String token = handshake.queryParameter("token");
		String user = (token != null) ? this.tokens.verify(token) : null;
		if (user == null) {
			throw new HandshakeRejectedException(HttpStatus.UNAUTHORIZED, "missing, invalid or expired token");
		}
		return () -> user;
	}

	/**
	 * Private rooms never mix with the open chat's rooms of the same name.
	 */
	@Override
	protected String roomKey(String room) {
		return "private/" + room;
	}

	@OnConnect
	void join(Connection connection, @PathParam String room, Principal principal) {
		enter(connection, room, principal.getName());
	}

}
