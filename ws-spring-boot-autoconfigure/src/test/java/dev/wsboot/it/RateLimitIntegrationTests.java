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

import java.time.Duration;
import java.util.Map;

import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-connection token bucket: a burst is served, the excess is dropped with an
 * error frame, a flood is closed with 1008, and other connections are not affected.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.rate-limit.burst=10", "ws.rate-limit.messages-per-second=5",
				"ws.rate-limit.flood-timeout=1s", "ws.rate-limit.max-drops=50" })
class RateLimitIntegrationTests {

	@LocalServerPort
	int port;

	private WsTestConnection connect(String room) {
		WsTestConnection client = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/" + room + "?user=u");
		client.awaitType("welcome");
		return client;
	}

	@Test
	void burstIsServedAndTheExcessDroppedWithAnError() {
		try (WsTestConnection client = connect("burst")) {
			for (int i = 0; i < 14; i++) {
				client.send("{\"action\":\"seq\",\"id\":\"" + i + "\",\"data\":{\"n\":" + i + "}}");
			}
			for (int i = 0; i < 10; i++) {
				assertThat(client.awaitReply(Integer.toString(i)).get("data").asInt()).isEqualTo(i);
			}
			JsonNode error = client.awaitError("rate_limited");
			assertThat(error.get("message").asString()).isEqualTo("Too many messages; this one was dropped");
			assertThat(client.received().stream().filter((message) -> message.toString().contains("replyTo")))
				.as("replies beyond the burst (tokens refill at 5/s)")
				.hasSizeLessThanOrEqualTo(1);
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> !client.request("echo", Map.of("ok", 1), "again-" + System.nanoTime()).isNull());
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void persistentFloodingClosesWith1008WhileOthersAreServed() {
		try (WsTestConnection flooder = connect("flood"); WsTestConnection bystander = connect("calm")) {
			try {
				for (int i = 0; i < 500 && !flooder.isClosed(); i++) {
					flooder.send("{\"action\":\"seq\",\"data\":{\"n\":" + i + "}}");
				}
			}
			catch (IllegalStateException ex) {
				// the server closed while messages were still being sent
			}
			WsTestConnection.Close close = flooder.awaitCloseStatus();
			assertThat(close.code()).isEqualTo(1008);
			assertThat(close.reason()).isEqualTo("rate limit");
			long handled = flooder.received().stream().filter((message) -> message.toString().matches("\\d+")).count();
			assertThat(handled).as("handled messages of the flooder").isLessThanOrEqualTo(10 + 5 * 3);
			assertThat(bystander.request("echo", Map.of("calm", true), "b1").get("calm").asBoolean()).isTrue();
		}
	}

}
