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

import java.util.List;
import java.util.regex.Pattern;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.registry.MemberPage;
import org.jspecify.annotations.Nullable;

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

	private final TokenService tokens;

	RoomsController(WebSocketMessenger messenger, TokenService tokens) {
		this.messenger = messenger;
		this.tokens = tokens;
	}

	/**
	 * A room's member count and a page of at most {@value ChatRoom#MEMBERS_SHOWN} of its
	 * members' names; {@code next}, when there are more, is the {@code after} of the next
	 * page.
	 */
	@GetMapping("/rooms/{room}")
	ResponseEntity<RoomDetails> room(@PathVariable String room, @RequestParam(required = false) @Nullable String after) {
		if (!ChatRoom.isValidName(room) || (after != null && !CURSOR.matcher(after).matches())) {
			return ResponseEntity.badRequest().build();
		}
		MemberPage page = this.messenger.members(room, after, ChatRoom.MEMBERS_SHOWN);
		return ResponseEntity
			.ok(new RoomDetails(room, this.messenger.count(room), ChatRoom.userNames(page.members()), page.next()));
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

	record RoomDetails(String room, int connections, List<String> members, @Nullable String next) {
	}

	record Token(String user, String token) {
	}

}
