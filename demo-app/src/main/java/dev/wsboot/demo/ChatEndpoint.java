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

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.wsboot.annotation.OnConnect;
import dev.wsboot.annotation.OnDisconnect;
import dev.wsboot.annotation.OnMessage;
import dev.wsboot.annotation.PathParam;
import dev.wsboot.annotation.QueryParam;
import dev.wsboot.annotation.WebSocketEndpoint;
import dev.wsboot.connection.Connection;
import dev.wsboot.connection.ConnectionRejectedException;
import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.registry.Member;
import org.jspecify.annotations.Nullable;

/**
 * The chat: every connection joins the room of its path, and everything said is
 * broadcast to the room.
 *
 * @author wsboot
 */
@WebSocketEndpoint("/chat/{room}")
class ChatEndpoint {

	private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} _.-]{1,32}");

	private final WebSocketMessenger messenger;

	ChatEndpoint(WebSocketMessenger messenger) {
		this.messenger = messenger;
	}

	@OnConnect
	void join(Connection connection, @PathParam String room, @QueryParam("user") @Nullable String user) {
		if (user == null || !NAME.matcher(user).matches()) {
			throw new ConnectionRejectedException("user must be 1 to 32 letters, digits, spaces, '_', '.' or '-'");
		}
		if (!NAME.matcher(room).matches()) {
			throw new ConnectionRejectedException("room must be 1 to 32 letters, digits, spaces, '_', '.' or '-'");
		}
		connection.setUser(user);
		connection.join(room);
		connection.broadcast(room, Event.of("joined", new UserRef(user)));
	}

	@OnMessage("say")
	Said say(Connection connection, @PathParam String room, Say say) {
		String text = (say.text() != null) ? say.text().strip() : "";
		if (text.isEmpty()) {
			throw new IllegalArgumentException("text must not be empty");
		}
		ChatMessage message = new ChatMessage(Objects.requireNonNull(connection.user()), room, text,
				Instant.now().toString());
		connection.broadcastAll(room, Event.of("message", message));
		return new Said(true, message.at());
	}

	@OnMessage("members")
	List<String> members(@PathParam String room) {
		return RoomView.userNames(this.messenger.members(room));
	}

	@OnDisconnect
	void leave(Connection connection, @PathParam String room) {
		String user = connection.user();
		if (user != null && connection.rooms().contains(room)) {
			this.messenger.sendToRoom(room, Event.of("left", new UserRef(user)));
		}
	}

	@dev.wsboot.annotation.OnError
	Event invalid(IllegalArgumentException ex) {
		return Event.of("error", Map.of("code", "invalid", "message", ex.getMessage()));
	}

	record Say(@Nullable String text) {
	}

	record Said(boolean ok, String at) {
	}

	record UserRef(String user) {
	}

	record ChatMessage(String user, String room, String text, String at) {
	}

	static final class RoomView {

		private RoomView() {
		}

		static List<String> userNames(List<Member> members) {
			return members.stream().map(Member::user).filter(Objects::nonNull).sorted().toList();
		}

	}

}
