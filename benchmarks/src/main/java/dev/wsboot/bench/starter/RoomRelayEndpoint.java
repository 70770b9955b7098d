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

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;

import dev.wsboot.annotation.OnConnect;
import dev.wsboot.annotation.OnMessage;
import dev.wsboot.annotation.QueryParam;
import dev.wsboot.annotation.WebSocketEndpoint;
import dev.wsboot.connection.Connection;

/**
 * The bench protocol on the starter: a connection joins the room named by its
 * {@code room} query parameter, and every text frame goes back unchanged to every member
 * of the room, the sender included. With {@code bench.envelope=true} it goes out wrapped in
 * a JSON object, {@code {"p":TEXT}}, which a room with history needs.
 *
 * @author wsboot
 */
@WebSocketEndpoint("/ws")
class RoomRelayEndpoint {

	private final boolean envelope;

	RoomRelayEndpoint(@Value("${bench.envelope:false}") boolean envelope) {
		this.envelope = envelope;
	}

	@OnConnect
	void join(Connection connection, @QueryParam("room") @Nullable String room) {
		connection.join(roomName(room));
	}

	@OnMessage
	void relay(Connection connection, @QueryParam("room") @Nullable String room, String text) {
		connection.sendToRoom(roomName(room), this.envelope ? Map.of("p", text) : text);
	}

	static String roomName(@Nullable String room) {
		return (room == null || room.isEmpty()) ? "default" : room;
	}

}
