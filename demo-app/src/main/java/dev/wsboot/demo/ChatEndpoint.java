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

import dev.wsboot.annotation.OnConnect;
import dev.wsboot.annotation.PathParam;
import dev.wsboot.annotation.QueryParam;
import dev.wsboot.annotation.WebSocketEndpoint;
import dev.wsboot.connection.Connection;
import dev.wsboot.messaging.WebSocketMessenger;
import org.jspecify.annotations.Nullable;

/**
 * The open chat: {@code /chat/{room}?user=NAME}. Every connection joins the room of its
 * path, and everything said is broadcast to the room.
 *
 * @author wsboot
 */
@WebSocketEndpoint("/chat/{room}")
class ChatEndpoint extends ChatRoom {

	ChatEndpoint(WebSocketMessenger messenger) {
		super(messenger);
	}

	@OnConnect
	void join(Connection connection, @PathParam String room, @QueryParam("user") @Nullable String user) {
		enter(connection, room, (user != null) ? user : "");
	}

}
