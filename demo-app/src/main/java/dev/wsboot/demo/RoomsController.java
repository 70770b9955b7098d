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

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.wsboot.history.HistoryMessage;
import dev.wsboot.history.RoomHistory;
import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.registry.MemberPage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Room details over HTTP, from the same messenger the endpoint uses, and tokens for the
 * private chat.
 *
 * @author wsboot
 */
@RestController
class RoomsController {

	/** What a connection id, and so a page cursor, looks like. */
	private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

	private final WebSocketMessenger messenger;

	/** How many of the room's last events are read for {@code recent}. */
	static final int RECENT_READ = 50;

	private final TokenService tokens;

	private final JsonMapper json;

	RoomsController(WebSocketMessenger messenger, TokenService tokens, JsonMapper json) {
		this.messenger = messenger;
		this.tokens = tokens;
		this.json = json;
	}

	/**
	 * A room's member count, a page of at most {@value ChatRoom#MEMBERS_SHOWN} of its
	 * members' names ({@code next}, when there are more, is the {@code after} of the next
	 * page), and {@code recent}: what was said in the room among its last
	 * {@value #RECENT_READ} events, oldest first, each with its offset in the room's
	 * history.
	 */
	@GetMapping("/rooms/{room}")
	ResponseEntity<RoomDetails> room(@PathVariable String room, @RequestParam(required = false) @Nullable String after) {
		if (!ChatRoom.isValidName(room) || (after != null && !CURSOR.matcher(after).matches())) {
			return ResponseEntity.badRequest().build();
		}
		MemberPage page = this.messenger.members(room, after, ChatRoom.MEMBERS_SHOWN);
		return ResponseEntity.ok(new RoomDetails(room, this.messenger.count(room),
				ChatRoom.userNames(page.members()), page.next(), recent(room)));
	}

	/** The chat messages among the room's last events; none for a room without history. */
	private List<Said> recent(String room) {
		RoomHistory history = this.messenger.history(room, RECENT_READ, null);
		if (history == null) {
			return List.of();
		}
		List<Said> recent = new ArrayList<>();
		for (HistoryMessage message : history.messages()) {
			try {
				JsonNode event = this.json.readTree(message.text());
				JsonNode data = event.path("data");
				if ("message".equals(event.path("type").asString(null))) {
					recent.add(new Said(message.offset(), data.path("user").asString(""),
							data.path("text").asString(""), data.path("at").asString("")));
				}
			}
			catch (JacksonException ex) {
				// the demo broadcasts JSON only; anything else is not a chat message
			}
		}
		return recent;
	}

	/**
	 * Issue a token for {@code /private/{room}?token=...}. A real application would
	 * authenticate the caller first (a login, a session, Spring Security); the demo trusts
	 * the name it is given.
	 */
	@PostMapping("/tokens")
	ResponseEntity<Token> token(@RequestParam String user) {
		String name = ChatRoom.normalizedName(user);
		if (!ChatRoom.isValidName(name)) {
			return ResponseEntity.badRequest().build();
		}
		return ResponseEntity.ok(new Token(name, this.tokens.issue(name)));
	}

	record RoomDetails(String room, int connections, List<String> members, @Nullable String next, List<Said> recent) {
	}

	record Said(long offset, String user, String text, String at) {
	}

	record Token(String user, String token) {
	}

}
