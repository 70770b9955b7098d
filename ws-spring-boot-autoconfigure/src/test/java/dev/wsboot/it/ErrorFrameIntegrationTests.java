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

import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error frame of the wire protocol, and the connection staying open after each.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ErrorFrameIntegrationTests {

	@LocalServerPort
	int port;

	private WsTestConnection connect(String pathAndQuery) {
		return WsTestConnection.connect("ws://localhost:" + this.port + pathAndQuery);
	}

	private static void assertStillServes(WsTestConnection client) {
		assertThat(client.request("echo", Map.of("still", "open"), "after").get("still").asString()).isEqualTo("open");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"action\":\"say\",\"id\":\"b1\",\"data\":[1,2]}",
			"{\"action\":\"say\",\"id\":\"b1\",\"data\":{\"text\":{}}}",
			"{\"action\":\"say\",\"id\":\"b1\",\"data\":\"x\"}" })
	void dataThatDoesNotMatchTheTypedPayloadGetsBadRequest(String message) {
		try (WsTestConnection client = connect("/rooms/bad?user=ada")) {
			client.send(message);
			JsonNode error = client.awaitError("bad_request");
			assertThat(error.get("id").asString()).isEqualTo("b1");
			assertThat(error.toString()).doesNotContain("dev.wsboot").doesNotContain("Exception").hasSizeLessThan(200);
			assertStillServes(client);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "{\"action\":\"say\"", "[1,", "{\"a\":1}}" })
	void malformedJsonForATypedPayloadGetsBadRequest(String message) {
		try (WsTestConnection client = connect("/typed")) {
			client.send(message);
			JsonNode error = client.awaitError("bad_request");
			assertThat(error.get("message").asString()).isEqualTo("Malformed JSON");
			assertThat(client.request("ping", null, "p0").asString()).isEqualTo("pong");
		}
	}

	@Test
	void malformedJsonWithoutAnyRouteGetsBadRequest() {
		try (WsTestConnection client = connect("/strict")) {
			client.send("{\"action\":\"ping\"");
			assertThat(client.awaitError("bad_request").get("message").asString()).isEqualTo("Malformed JSON");
			assertThat(client.request("ping", null, "p3").asString()).isEqualTo("pong");
		}
	}

	@Test
	void malformedJsonGoesAsTextToADefaultRouteThatTakesText() {
		try (WsTestConnection client = connect("/rooms/text?user=ada")) {
			client.send("{\"action\":\"say\"");
			assertThat(client.awaitText((text) -> text.startsWith("fallback:"))).isEqualTo("fallback:{\"action\":\"say\"");
			assertStillServes(client);
		}
	}

	@Test
	void duplicateKeysAreReadLastWins() {
		try (WsTestConnection client = connect("/rooms/dup?user=ada")) {
			client.send("{\"action\":\"nope\",\"action\":\"echo\",\"id\":\"k1\",\"data\":{\"v\":1}}");
			assertThat(client.awaitReply("k1").get("data").get("v").asInt()).isEqualTo(1);
		}
	}

	@Test
	void missingDataForTypedPayloadGetsBadRequest() {
		try (WsTestConnection client = connect("/rooms/missing?user=ada")) {
			client.sendEnvelope("length", null, "m1");
			JsonNode error = client.awaitError("bad_request");
			assertThat(error.get("id").asString()).isEqualTo("m1");
			assertStillServes(client);
		}
	}

	@Test
	void mismatchedFieldIsNamedWithoutClassNames() {
		try (WsTestConnection client = connect("/rooms/field?user=ada")) {
			client.send("{\"action\":\"seq\",\"id\":\"f1\",\"data\":{\"n\":\"many\"}}");
			JsonNode error = client.awaitError("bad_request");
			assertThat(error.get("message").asString()).isEqualTo("Invalid data at 'n'");
			assertStillServes(client);
		}
	}

	@Test
	void routeKeyThatIsNotAStringGetsBadRequest() {
		try (WsTestConnection client = connect("/rooms/routekey?user=ada")) {
			client.send("{\"action\":5,\"id\":\"r1\"}");
			JsonNode error = client.awaitError("bad_request");
			assertThat(error.get("id").asString()).isEqualTo("r1");
			assertThat(error.get("message").asString()).isEqualTo("'action' must be a non-empty string");
			assertStillServes(client);
		}
	}

	@Test
	void deeplyNestedJsonDoesNotBreakTheConnection() {
		String deep = "[".repeat(10_000) + "]".repeat(10_000);
		try (WsTestConnection client = connect("/typed")) {
			client.send("{\"action\":\"echo\",\"id\":\"d1\",\"data\":" + deep + "}");
			assertThat(client.awaitError("bad_request").get("message").asString()).isEqualTo("Malformed JSON");
			client.send("{\"a\":" + deep + "}");
			assertThat(client.awaitError("bad_request").get("message").asString()).isEqualTo("Malformed JSON");
			assertThat(client.request("ping", null, "p4").asString()).isEqualTo("pong");
		}
	}

	@Test
	void readLimitsApplyToInboundJson() {
		try (WsTestConnection client = connect("/typed")) {
			client.send("{\"a\":" + "9".repeat(64 * 1000) + "}");
			assertThat(client.awaitError("bad_request").get("message").asString()).isEqualTo("Malformed JSON");
			client.send("{\"b\":" + "[".repeat(101) + "]".repeat(101) + "}");
			assertThat(client.awaitError("bad_request").get("message").asString()).isEqualTo("Malformed JSON");
			client.send("{\"a\":7,\"b\":" + "[".repeat(90) + "]".repeat(90) + "}");
			assertThat(client.awaitText("7"::equals)).isEqualTo("7");
		}
	}

	@Test
	void unknownActionWithoutDefaultRouteGetsUnknownAction() {
		try (WsTestConnection client = connect("/strict")) {
			client.sendEnvelope("dance", null, "u1");
			JsonNode error = client.awaitError("unknown_action");
			assertThat(error.get("id").asString()).isEqualTo("u1");
			assertThat(error.get("message").asString()).isEqualTo("Unknown action 'dance'");
			assertThat(client.request("ping", null, "p1").asString()).isEqualTo("pong");
		}
	}

	@Test
	void plainTextWithoutDefaultRouteGetsBadRequest() {
		try (WsTestConnection client = connect("/strict")) {
			client.send("hello?");
			client.awaitError("bad_request");
			assertThat(client.request("ping", null, "p2").asString()).isEqualTo("pong");
		}
	}

	@Test
	void handlerExceptionGetsInternalErrorWithoutDetailsAndKeepsTheConnection() {
		try (WsTestConnection client = connect("/rooms/fail?user=ada")) {
			client.sendEnvelope("fail", null, "x1");
			JsonNode error = client.awaitError("internal");
			assertThat(error.get("id").asString()).isEqualTo("x1");
			assertThat(error.get("message").asString()).isEqualTo("Internal error");
			assertThat(error.toString()).doesNotContain("secret").doesNotContain("Exception");
			assertStillServes(client);
		}
	}

	@Test
	void failedCompletionStageGetsInternalError() {
		try (WsTestConnection client = connect("/rooms/asyncfail?user=ada")) {
			client.sendEnvelope("laterFail", null, "x2");
			JsonNode error = client.awaitError("internal");
			assertThat(error.get("id").asString()).isEqualTo("x2");
			assertThat(error.toString()).doesNotContain("secret");
			assertStillServes(client);
		}
	}

	@Test
	void onErrorMethodHandlesItsExceptionTypeAndRepliesToTheId() {
		try (WsTestConnection client = connect("/rooms/refuse?user=ada")) {
			client.sendEnvelope("refuse", null, "x3");
			JsonNode reply = client.awaitReply("x3");
			assertThat(reply.get("data").get("type").asString()).isEqualTo("refused");
			assertThat(reply.get("data").get("data").asString()).isEqualTo("not now");
			assertStillServes(client);
		}
	}

	@Test
	void rejectedConnectionClosesWith1008AndTheReason() {
		try (WsTestConnection client = connect("/rooms/door?user=intruder")) {
			WsTestConnection.Close close = client.awaitCloseStatus();
			assertThat(close.code()).isEqualTo(1008);
			assertThat(close.reason()).isEqualTo("intruders are not welcome");
		}
	}

	@Test
	void failingOnConnectClosesWith1011() {
		try (WsTestConnection client = connect("/rooms/door?user=crash")) {
			assertThat(client.awaitClose()).isEqualTo(1011);
		}
	}

}
