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

import java.text.Normalizer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.wsboot.annotation.OnDisconnect;
import dev.wsboot.annotation.OnError;
import dev.wsboot.annotation.OnMessage;
import dev.wsboot.annotation.PathParam;
import dev.wsboot.connection.Connection;
import dev.wsboot.connection.ConnectionRejectedException;
import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.registry.Member;
import org.jspecify.annotations.Nullable;

/**
 * What every chat endpoint of the demo does once a connection knows its user: join the
 * room of its path, say things to it, list its members, and tell it who left.
 *
 * @author wsboot
 */
abstract class ChatRoom {

	/** How many members a query of the demo returns at most. */
	static final int MEMBERS_SHOWN = 100;

	private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} _.-]{1,32}");

	protected final WebSocketMessenger messenger;

	ChatRoom(WebSocketMessenger messenger) {
		this.messenger = messenger;
	}

	/**
	 * Return the registry room of a path's room; endpoints that must not share rooms use
	 * different keys.
	 * @param room the room of the path
	 * @return the room in the registry
	 */
	protected String roomKey(String room) {
		return room;
	}

	static boolean isValidName(@Nullable String name) {
		return name != null && NAME.matcher(name).matches();
	}

	/**
	 * Return a user name as the demo keeps it: in Unicode normalization form NFKC (so
	 * that look-alike compatibility characters, such as full-width letters, are the same
	 * name) and without leading or trailing white space. The same rule holds on HTTP and
	 * on the WebSocket.
	 * @param name the name given
	 * @return the name kept
	 */
	static String normalizedName(String name) {
		return Normalizer.normalize(name, Normalizer.Form.NFKC).strip();
	}

	/**
	 * Enter the room as a user, telling the others.
	 * @param connection the connection
	 * @param room the room of the path
	 * @param user the user
	 */
	protected void enter(Connection connection, String room, String givenUser) {
		String user = normalizedName(givenUser);
		if (!isValidName(user)) {
			throw new ConnectionRejectedException("user must be 1 to 32 letters, digits, spaces, '_', '.' or '-'");
		}
		if (!isValidName(room)) {
			throw new ConnectionRejectedException("room must be 1 to 32 letters, digits, spaces, '_', '.' or '-'");
		}
		connection.setUser(user);
		connection.join(roomKey(room));
		connection.broadcast(roomKey(room), Event.of("joined", new UserRef(user)));
	}

	@OnMessage("say")
	Said say(Connection connection, @PathParam String room, Say say) {
		String text = (say.text() != null) ? say.text().strip() : "";
		if (text.isEmpty()) {
			throw new IllegalArgumentException("text must not be empty");
		}
		ChatMessage message = new ChatMessage(Objects.requireNonNull(connection.user()), room, text,
				Instant.now().toString());
		connection.sendToRoom(roomKey(room), Event.of("message", message));
		return new Said(true, message.at());
	}

	/**
	 * The names of the room's first {@value #MEMBERS_SHOWN} members: one page, whatever
	 * the size of the room, so that a client asking again and again costs little.
	 */
	@OnMessage("members")
	List<String> members(@PathParam String room) {
		return userNames(this.messenger.members(roomKey(room), null, MEMBERS_SHOWN).members());
	}

	@OnDisconnect
	void leave(Connection connection, @PathParam String room) {
		String user = connection.user();
		if (user != null && connection.rooms().contains(roomKey(room))) {
			this.messenger.sendToRoom(roomKey(room), Event.of("left", new UserRef(user)));
		}
	}

	@OnError
	Event invalid(IllegalArgumentException ex) {
		return Event.of("error", Map.of("code", "invalid", "message", ex.getMessage()));
	}

	static List<String> userNames(List<Member> members) {
		return members.stream().map(Member::user).filter(Objects::nonNull).sorted().toList();
	}

	record Say(@Nullable String text) {
	}

	record Said(boolean ok, String at) {
	}

	record UserRef(String user) {
	}

	record ChatMessage(String user, String room, String text, String at) {
	}

}
