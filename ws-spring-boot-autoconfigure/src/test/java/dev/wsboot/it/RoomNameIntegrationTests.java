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

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.registry.InvalidNameException;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Room names a client chooses are bounded and checked: a blank one, one that is not
 * valid Unicode (which would have been stored under another room's key) and one longer
 * than {@code ws.limits.max-room-name-length} each get an error frame {@code bad_request},
 * with nothing logged at ERROR, and the connection stays open.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "ws.limits.max-room-name-length=64B")
@ExtendWith(OutputCaptureExtension.class)
class RoomNameIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Test
	void badRoomNamesGetBadRequestAndNothingIsJoined(CapturedOutput output) {
		try (WsTestConnection client = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/names?user=n")) {
			client.awaitType("welcome");
			assertBadRequest(client, "\"   \"", "b1", "Room name must not be blank");
			// a lone surrogate, as a JSON escape: UTF-8 would store it as "vip?"
			assertBadRequest(client, "\"vip\\ud800\"", "b2", "Room name must be valid Unicode");
			assertBadRequest(client, "\"" + "x".repeat(65) + "\"", "b3", "Room name must be at most 64 bytes");
			assertBadRequest(client, "\"" + "€".repeat(22) + "\"", "b4", "Room name must be at most 64 bytes");
			assertThat(this.messenger.count("vip?")).isZero();
			assertThat(client.request("join", java.util.Map.of("text", "x".repeat(64)), "ok").asBoolean()).isTrue();
			assertThat(client.request("rooms", null, "r").toString()).contains("x".repeat(64)).doesNotContain("vip");
		}
		assertThat(output).doesNotContain("Handler of /rooms/{room} failed").doesNotContain("IllegalArgumentException");
	}

	@Test
	void theMessengerRefusesBadRoomNamesToo() {
		assertThatExceptionOfType(InvalidNameException.class)
			.isThrownBy(() -> this.messenger.sendToRoom("vip\ud800", Event.of("x", 1)));
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> this.messenger.members(" "));
	}

	private static void assertBadRequest(WsTestConnection client, String roomJson, String id, String message) {
		client.send("{\"action\":\"join\",\"data\":{\"text\":" + roomJson + "},\"id\":\"" + id + "\"}");
		JsonNode error = client.awaitError("bad_request");
		assertThat(error.get("message").asString()).isEqualTo(message);
		assertThat(error.get("id").asString()).isEqualTo(id);
	}

}
