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

import dev.wsboot.messaging.WebSocketMessenger;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Room details over HTTP, from the same messenger the endpoint uses.
 *
 * @author wsboot
 */
@RestController
class RoomsController {

	private final WebSocketMessenger messenger;

	RoomsController(WebSocketMessenger messenger) {
		this.messenger = messenger;
	}

	@GetMapping("/rooms/{room}")
	RoomDetails room(@PathVariable String room) {
		List<String> members = ChatEndpoint.RoomView.userNames(this.messenger.members(room));
		return new RoomDetails(room, this.messenger.count(room), members);
	}

	record RoomDetails(String room, int connections, List<String> members) {
	}

}
