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

package dev.wsboot.bench.baseline;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The room protocol written by hand: a map of rooms to decorated sessions, and a loop over
 * the room for every message. With a {@link RoomPublisher} the message goes through Redis
 * and every node, this one included, delivers it to its own members when it comes back.
 *
 * @author wsboot
 */
class BaselineRoomHandler extends TextWebSocketHandler {

	private static final Log logger = LogFactory.getLog(BaselineRoomHandler.class);

	private static final String ROOM = "room";

	private final Map<String, Set<WebSocketSession>> rooms = new ConcurrentHashMap<>();

	private final @Nullable RoomPublisher publisher;

	BaselineRoomHandler(@Nullable RoomPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		String room = roomOf(session.getUri());
		session.getAttributes().put(ROOM, room);
		WebSocketSession decorated = new ConcurrentWebSocketSessionDecorator(session, 10_000, 512 * 1024);
		session.getAttributes().put("decorated", decorated);
		this.rooms.computeIfAbsent(room, (key) -> ConcurrentHashMap.newKeySet()).add(decorated);
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		String room = (String) session.getAttributes().get(ROOM);
		if (this.publisher != null) {
			this.publisher.publish(room, message.getPayload());
		}
		else {
			deliver(room, message);
		}
	}

	/**
	 * Send a message to every member of a room on this node.
	 * @param room the room
	 * @param message the message
	 */
	void deliver(String room, TextMessage message) {
		Set<WebSocketSession> members = this.rooms.get(room);
		if (members == null) {
			return;
		}
		for (WebSocketSession member : members) {
			try {
				member.sendMessage(message);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Send to " + member.getId() + " failed", ex);
			}
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		String room = (String) session.getAttributes().get(ROOM);
		Object decorated = session.getAttributes().get("decorated");
		Set<WebSocketSession> members = (room != null) ? this.rooms.get(room) : null;
		if (members != null && decorated != null) {
			members.remove(decorated);
		}
	}

	private static String roomOf(@Nullable URI uri) {
		String room = (uri != null) ? UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst(ROOM) : null;
		return (room == null || room.isEmpty()) ? "default" : room;
	}

	/**
	 * Publishes a room's messages to every node.
	 */
	interface RoomPublisher {

		void publish(String room, String text);

	}

}
