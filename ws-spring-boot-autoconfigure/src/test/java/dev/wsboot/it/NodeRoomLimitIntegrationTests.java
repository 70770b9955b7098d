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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node has members in at most {@code ws.limits.max-rooms} rooms: a join into a room new
 * to the node beyond it gets {@code limit_exceeded} (close 1008 in {@code @OnConnect}),
 * joins into rooms it has go on, and a room that empties frees its place.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.limits.max-rooms=4", "ws.registry.type=memory" })
class NodeRoomLimitIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Test
	void joinsIntoNewRoomsStopAtTheNodesCap() {
		try (WsTestConnection ada = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/r1?user=ada");
				WsTestConnection bob = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/r1?user=bob")) {
			ada.awaitType("welcome");
			bob.awaitType("welcome");
			for (String room : new String[] { "r2", "r3", "r4" }) {
				assertThat(ada.request("join", Map.of("text", room), room).asBoolean()).isTrue();
			}
			ada.sendEnvelope("join", Map.of("text", "r5"), "r5");
			assertThat(ada.awaitError("limit_exceeded").get("message").asString())
				.isEqualTo("Too many rooms on this server");
			assertThat(bob.request("join", Map.of("text", "r3"), "b3").asBoolean()).as("a room the node has").isTrue();
			try (WsTestConnection cy = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/r9?user=cy")) {
				WsTestConnection.Close close = cy.awaitCloseStatus();
				assertThat(close.code()).isEqualTo(1008);
				assertThat(close.reason()).isEqualTo("Too many rooms on this server");
			}
			assertThat(ada.request("leave", Map.of("text", "r4"), "l4").asBoolean()).isTrue();
			await().until(() -> this.messenger.count("r4") == 0);
			assertThat(ada.request("join", Map.of("text", "r5"), "r5b").asBoolean()).as("r4 emptied").isTrue();
			assertThat(this.messenger.rooms()).containsExactlyInAnyOrder("r1", "r2", "r3", "r5");
		}
	}

}
