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


package dev.wsboot.it;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsboot.annotation.OnConnect;
import dev.wsboot.annotation.OnDisconnect;
import dev.wsboot.annotation.OnError;
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
import tools.jackson.databind.JsonNode;

import org.springframework.web.socket.CloseStatus;

/**
 * The endpoint the integration tests drive: every parameter kind, return kind and
 * failure kind.
 */
@WebSocketEndpoint("/rooms/{room}")
public class RoomEndpoint {

	private final WebSocketMessenger messenger;

	final List<Disconnect> disconnects = new CopyOnWriteArrayList<>();

	public RoomEndpoint(WebSocketMessenger messenger) {
		this.messenger = messenger;
	}

	@OnConnect
	Event connect(Connection connection, @PathParam String room, @QueryParam("user") @Nullable String user,
			@QueryParam("limit") @Nullable Integer limit) {
		if ("intruder".equals(user)) {
			throw new ConnectionRejectedException("intruders are not welcome");
		}
		if ("crash".equals(user)) {
			throw new IllegalStateException("connect failed");
		}
		connection.setUser(user);
		connection.join(room);
		connection.broadcast(room, Event.of("joined", Map.of("user", String.valueOf(user), "id", connection.id())));
		return Event.of("welcome", Map.of("id", connection.id(), "room", room, "user", String.valueOf(user), "limit",
				String.valueOf(limit)));
	}

	@OnMessage("say")
	Ack say(Connection connection, @PathParam("room") String room, Line line) {
		connection.sendToRoom(room, Event.of("message", Map.of("user", String.valueOf(connection.user()), "text", line.text())));
		return new Ack(true, line.text().length());
	}

	@OnMessage("shout")
	void shout(Connection connection, @PathParam String room, Line line) {
		connection.broadcast(room, Event.of("shout", line));
	}

	@OnMessage("echo")
	@Nullable JsonNode echo(@Nullable JsonNode data) {
		return data;
	}

	@OnMessage("seq")
	int seq(Sequence sequence) {
		return sequence.n();
	}

	@OnMessage("length")
	int length(Line line) {
		return line.text().length();
	}

	@OnMessage("join")
	boolean join(Connection connection, Line line) {
		return connection.join(line.text());
	}

	@OnMessage("leave")
	boolean leave(Connection connection, Line line) {
		return connection.leave(line.text());
	}

	@OnMessage("rooms")
	Set<String> rooms(Connection connection) {
		return connection.rooms();
	}

	@OnMessage("members")
	List<Member> members(@PathParam String room) {
		return this.messenger.members(room);
	}

	@OnMessage("whoami")
	Map<String, Object> whoami(Connection connection) {
		return Map.of("id", connection.id(), "user", String.valueOf(connection.user()), "agent",
				String.valueOf(connection.userAgent()), "remote", String.valueOf(connection.remoteAddress()),
				"connectedAt", connection.connectedAt().toString(), "query", connection.queryParameters());
	}

	@OnMessage("fail")
	void fail() {
		throw new IllegalStateException("secret detail from " + RoomEndpoint.class.getName());
	}

	@OnMessage("refuse")
	void refuse() throws RefusedException {
		throw new RefusedException("not now");
	}

	@OnMessage("later")
	CompletionStage<String> later(Line line) {
		return CompletableFuture.supplyAsync(line::text).thenApply(String::toUpperCase);
	}

	@OnMessage("laterFail")
	CompletionStage<String> laterFail() {
		return CompletableFuture.supplyAsync(() -> {
			throw new IllegalStateException("async secret");
		});
	}

	@OnMessage
	String fallback(String raw) {
		return "fallback:" + raw;
	}

	@OnMessage
	byte[] binary(byte[] bytes) {
		byte[] reversed = new byte[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			reversed[i] = bytes[bytes.length - 1 - i];
		}
		return reversed;
	}

	@OnError
	Event refused(Connection connection, RefusedException ex) {
		return Event.of("refused", ex.getMessage());
	}

	@OnDisconnect
	void disconnect(Connection connection, CloseStatus status, @PathParam String room) {
		this.disconnects.add(new Disconnect(connection.id(), status.getCode(), connection.rooms(),
				this.messenger.members(room).stream().map(Member::connectionId).toList(), connection.isOpen()));
		this.messenger.sendToRoom(room, Event.of("left", Map.of("id", connection.id())));
	}

	record Line(String text) {
	}

	record Sequence(int n) {
	}

	record Ack(boolean ok, int length) {
	}

	record Disconnect(String id, int code, Set<String> rooms, List<String> remainingMembers, boolean open) {
	}

	static class RefusedException extends Exception {

		RefusedException(String message) {
			super(message);
		}

	}

}
