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

import dev.wsboot.protocol.PayloadCodec;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same endpoints, spoken to in another wire format: a {@link PayloadCodec} bean of
 * the application's own, written outside the starter's packages, replaces the default
 * one, and routing, binding, replies and error frames all go through it.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.heartbeat.interval=0", "ws.heartbeat.idle-timeout=0" })
@Import(CustomCodecIntegrationTests.ArrayCodecConfiguration.class)
class CustomCodecIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	PayloadCodec codec;

	private WsTestConnection connect() {
		WsTestConnection client = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/arrays?user=ada");
		client.awaitType("welcome");
		return client;
	}

	@Test
	void theApplicationsCodecReplacesTheDefault() {
		assertThat(this.codec).isInstanceOf(ArrayPayloadCodec.class);
	}

	@Test
	void messagesAreRoutedBoundAndAnsweredInTheApplicationsFormat() {
		try (WsTestConnection client = connect()) {
			client.send("[\"echo\", {\"a\": 1}, \"e1\"]");
			assertThat(client.awaitText((text) -> text.startsWith("[\"reply\",\"e1\"")))
				.isEqualTo("[\"reply\",\"e1\",{\"a\":1}]");
			client.send("[\"length\", {\"text\": \"four\"}, 7]");
			assertThat(client.awaitText((text) -> text.startsWith("[\"reply\",7"))).isEqualTo("[\"reply\",7,4]");
		}
	}

	@Test
	void badMessagesGetErrorFramesInTheApplicationsFormat() {
		try (WsTestConnection client = connect()) {
			client.send("[42, {}, \"x1\"]");
			assertThat(client.awaitText((text) -> text.contains("\"x1\"")))
				.isEqualTo("[\"error\",\"bad_request\",\"A message is an array whose first element is its route\",\"x1\"]");
			client.send("[\"length\", {\"text\": {\"not\": \"text\"}}, \"x2\"]");
			assertThat(client.awaitText((text) -> text.contains("\"x2\""))).startsWith("[\"error\",\"bad_request\",");
			// a route the endpoint does not have goes to its default route, which takes the text
			client.send("[\"nosuchroute\", null, \"x3\"]");
			assertThat(client.awaitText((text) -> text.contains("\"x3\""))).startsWith("[\"reply\",\"x3\",\"fallback:");
			client.send("[\"echo\", \"still served\", \"x4\"]");
			assertThat(client.awaitText((text) -> text.contains("\"x4\""))).isEqualTo("[\"reply\",\"x4\",\"still served\"]");
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ArrayCodecConfiguration {

		@Bean
		PayloadCodec arrayPayloadCodec() {
			return new ArrayPayloadCodec();
		}

	}

}
