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

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;

import dev.wsboot.test.MessageAssert;
import dev.wsboot.test.WsTestClient;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@code @SpringBootTest} on a random port gets a {@link WsTestClient} for its server
 * injected, as it gets a {@code WebTestClient}: the published test module at work.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class InjectedTestClientIntegrationTests {

	@Autowired
	WsTestClient client;

	@LocalServerPort
	int port;

	@Test
	void theInjectedClientConnectsToTheServerUnderTest() {
		assertThat(this.client.baseUri()).hasToString("ws://localhost:" + this.port);
		try (WsTestConnection ada = this.client.connect("/rooms/injected?user=ada");
				WsTestConnection bob = this.client.connect("/rooms/elsewhere?user=bob")) {
			ada.awaitType("welcome");
			bob.awaitType("welcome");
			assertThat(ada.request("echo", Map.of("n", 7), "e").path("n").asInt()).isEqualTo(7);
			// bob's room is not ada's: nothing of it reaches her
			bob.sendEnvelope("say", Map.of("text", "not for ada"), null);
			bob.awaitType("message");
			ada.expectNothingFor(Duration.ofMillis(300));
		}
	}

	@Test
	void receivedMessagesReadFluentlyWithAssertJ() {
		try (WsTestConnection ada = this.client.connect("/rooms/fluent?user=ada")) {
			MessageAssert.assertThat(ada.awaitType("welcome")).hasType("welcome").hasData("/user", "ada");
			ada.sendEnvelope("seq", Map.of("n", 5), "s1");
			MessageAssert.assertThat(ada.awaitReply("s1")).isReplyTo("s1");
			ada.sendEnvelope("fail", Map.of(), "f1");
			MessageAssert.assertThat(ada.awaitError("internal")).isError("internal");
			ada.sendEnvelope("echo", Map.of("n", 7, "nested", Map.of("x", "y")), "e1");
			JsonNode echo = ada.awaitReply("e1");
			MessageAssert.assertThat(echo).hasData("/n", 7).hasData("/nested/x", "y");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> MessageAssert.assertThat(echo).hasData("/n", 8))
				.withMessageContaining("Expected <8> at data</n> but was <7>");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> MessageAssert.assertThat(echo).hasType("message"));
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> MessageAssert.assertThat(echo).hasData("/missing", 1))
				.withMessageContaining("there is none");
		}
	}

	@Test
	void aCrossSiteHandshakeIsRefusedWithItsStatus() {
		Throwable refusal = this.client.origin("https://evil.example").refusal("/rooms/r?user=eve");
		assertThat(refusal).isInstanceOf(WebSocketHandshakeException.class);
		assertThat(((WebSocketHandshakeException) refusal).getResponse().statusCode()).isEqualTo(403);
		assertThat(this.client.origin("http://localhost:" + this.port).refusal("/rooms/r?user=eve")).isNull();
	}

	@Test
	void expectNothingForFailsWithWhatArrived() {
		try (WsTestConnection ada = this.client.connect("/rooms/noisy?user=ada")) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> ada.expectNothingFor(Duration.ofSeconds(2)))
				.withMessageContaining("welcome");
		}
	}

	@Test
	void aPathWithoutItsSlashOrAClientWithoutAWebSocketSchemeIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.client.connect("rooms/r"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> WsTestClient.create("http://localhost:" + this.port));
	}

}
