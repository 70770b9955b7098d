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

import java.util.Map;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room limits on one node: rooms per connection, connections per room, and a limit set
 * for one room through the messenger.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.limits.max-rooms-per-connection=3", "ws.limits.max-connections-per-room=2" })
class RoomLimitIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	private WsTestConnection connect(String room, String user) {
		return WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/" + room + "?user=" + user);
	}

	@Test
	void aConnectionOverItsRoomLimitGetsAnErrorAndStaysOpen() {
		try (WsTestConnection ada = connect("many", "ada")) {
			ada.awaitType("welcome");
			assertThat(ada.request("join", Map.of("text", "second"), "j2").asBoolean()).isTrue();
			assertThat(ada.request("join", Map.of("text", "third"), "j3").asBoolean()).isTrue();
			ada.sendEnvelope("join", Map.of("text", "fourth"), "j4");
			JsonNode error = ada.awaitError("limit_exceeded");
			assertThat(error.get("id").asString()).isEqualTo("j4");
			assertThat(error.get("message").asString()).isEqualTo("Too many rooms for this connection");
			assertThat(this.messenger.count("fourth")).isZero();
			assertThat(ada.request("leave", Map.of("text", "third"), "l3").asBoolean()).isTrue();
			assertThat(ada.request("join", Map.of("text", "fourth"), "j5").asBoolean()).isTrue();
		}
	}

	@Test
	void joiningAFullRoomInOnConnectClosesWith1008() {
		try (WsTestConnection a = connect("full", "a"); WsTestConnection b = connect("full", "b")) {
			a.awaitType("welcome");
			b.awaitType("welcome");
			try (WsTestConnection c = connect("full", "c")) {
				WsTestConnection.Close close = c.awaitCloseStatus();
				assertThat(close.code()).isEqualTo(1008);
				assertThat(close.reason()).isEqualTo("Room 'full' is full");
			}
			assertThat(this.messenger.count("full")).isEqualTo(2);
		}
	}

	@Test
	void aRoomLimitSetThroughTheMessengerHolds() {
		this.messenger.setRoomLimit("vip", 1);
		try (WsTestConnection ada = connect("vip-a", "ada"); WsTestConnection bob = connect("vip-b", "bob")) {
			ada.awaitType("welcome");
			bob.awaitType("welcome");
			assertThat(ada.request("join", Map.of("text", "vip"), "a1").asBoolean()).isTrue();
			bob.sendEnvelope("join", Map.of("text", "vip"), "b1");
			assertThat(bob.awaitError("room_full").get("message").asString()).isEqualTo("Room 'vip' is full");
			assertThat(ada.request("leave", Map.of("text", "vip"), "a2").asBoolean()).isTrue();
			assertThat(bob.request("join", Map.of("text", "vip"), "b2").asBoolean()).isTrue();
		}
		finally {
			this.messenger.setRoomLimit("vip", 0);
		}
	}

}
