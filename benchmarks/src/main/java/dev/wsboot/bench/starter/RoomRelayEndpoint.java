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

package dev.wsboot.bench.starter;

import org.jspecify.annotations.Nullable;

import dev.wsboot.annotation.OnConnect;
import dev.wsboot.annotation.OnMessage;
import dev.wsboot.annotation.QueryParam;
import dev.wsboot.annotation.WebSocketEndpoint;
import dev.wsboot.connection.Connection;

/**
 * The bench protocol on the starter: a connection joins the room named by its
 * {@code room} query parameter, and every text frame goes back unchanged to every member
 * of the room, the sender included.
 *
 * @author wsboot
 */
@WebSocketEndpoint("/ws")
class RoomRelayEndpoint {

	@OnConnect
	void join(Connection connection, @QueryParam("room") @Nullable String room) {
		connection.join(roomName(room));
	}

	@OnMessage
	void relay(Connection connection, @QueryParam("room") @Nullable String room, String text) {
		connection.sendToRoom(roomName(room), text);
	}

	static String roomName(@Nullable String room) {
		return (room == null || room.isEmpty()) ? "default" : room;
	}

}
