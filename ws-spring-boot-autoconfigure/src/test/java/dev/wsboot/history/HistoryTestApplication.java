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

package dev.wsboot.history;

import java.util.List;

import dev.wsboot.annotation.OnConnect;
import dev.wsboot.annotation.OnMessage;
import dev.wsboot.annotation.PathParam;
import dev.wsboot.annotation.QueryParam;
import dev.wsboot.annotation.WebSocketEndpoint;
import dev.wsboot.connection.Connection;
import dev.wsboot.connection.ConnectionRejectedException;
import dev.wsboot.protocol.Event;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * An application whose rooms keep a history: {@code chat:*} 1,000 messages for ten
 * minutes, {@code small:*} five, {@code brief:*} for one second; other rooms none.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@Import(HistoryTestApplication.HistoryEndpoint.class)
public class HistoryTestApplication {

	/** The history rules, and the bounds the tests rely on. */
	static final List<String> PROPERTIES = List.of("ws.history.rooms[0].pattern=chat:*",
			"ws.history.rooms[0].size=1000", "ws.history.rooms[0].ttl=10m", "ws.history.rooms[1].pattern=small:*",
			"ws.history.rooms[1].size=5", "ws.history.rooms[1].ttl=10m", "ws.history.rooms[2].pattern=brief:*",
			"ws.history.rooms[2].size=100", "ws.history.rooms[2].ttl=1s", "ws.history.max-replay=300",
			"ws.rate-limit.enabled=false");

	public static void main(String[] args) {
		SpringApplication.run(HistoryTestApplication.class, args);
	}

	/**
	 * Joins the room of its path, and another named by {@code also}, then refuses the
	 * connection if asked to ({@code refuse}); {@code say} broadcasts to the room of
	 * the path.
	 */
	@WebSocketEndpoint("/history/{room}")
	public static class HistoryEndpoint {

		@OnConnect
		void connect(Connection connection, @PathParam String room, @QueryParam("also") @Nullable String also,
				@QueryParam("refuse") @Nullable String refuse) {
			connection.join(room);
			if (also != null) {
				connection.join(also);
			}
			if (refuse != null) {
				// an application that checks something after the join, and refuses
				throw new ConnectionRejectedException(refuse);
			}
		}

		@OnMessage("say")
		void say(Connection connection, @PathParam String room, JsonNode data) {
			connection.sendToRoom(room, Event.of("message", data));
		}

		@OnMessage("join")
		boolean join(Connection connection, JsonNode room) {
			return connection.join(room.asString());
		}

	}

}
