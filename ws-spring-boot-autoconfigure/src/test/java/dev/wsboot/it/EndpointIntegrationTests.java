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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.wsboot.test.RawHandshake;
import dev.wsboot.test.WsTestConnection;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connect, route, bind, reply and assemble, through a real server and a real client.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class EndpointIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ServletContext servletContext;

	private WsTestConnection connect(String pathAndQuery) {
		return WsTestConnection.connect("ws://localhost:" + this.port + pathAndQuery);
	}

	@Test
	void connectBindsPathVariablesAndQueryParameters() {
		try (WsTestConnection client = connect("/rooms/blue%20room?user=ada%20l&limit=7")) {
			JsonNode welcome = client.awaitType("welcome").get("data");
			assertThat(welcome.get("room").asString()).isEqualTo("blue room");
			assertThat(welcome.get("user").asString()).isEqualTo("ada l");
			assertThat(welcome.get("limit").asString()).isEqualTo("7");
			assertThat(welcome.get("id").asString()).isNotBlank();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/rooms/pct?user=a%zz%2", "/rooms/pct?user=a%", "/rooms/%zz?user=a",
			"/rooms/pct?user=<script>", "/rooms/pct?user=a b" })
	void malformedRequestTargetIsRefusedWith400BeforeTheUpgrade(String target) throws Exception {
		String response = RawHandshake.send(this.port, target);
		assertThat(response).startsWith("HTTP/1.1 400");
		try (WsTestConnection client = connect("/rooms/pct?user=fine")) {
			assertThat(client.awaitType("welcome").get("data").get("user").asString()).isEqualTo("fine");
		}
	}

	@Test
	void permessageDeflateIsNotNegotiatedByDefault() throws Exception {
		String response = RawHandshake.send(this.port, "/rooms/deflate?user=x",
				"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");
		assertThat(response).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
	}

	@Test
	void rawHandshakeWithAValidTargetUpgrades() throws Exception {
		assertThat(RawHandshake.send(this.port, "/rooms/raw?user=ok%20name")).startsWith("HTTP/1.1 101")
			.contains("ok name");
	}

	@Test
	void connectionExposesWhoItIs() {
		try (WsTestConnection client = connect("/rooms/who?user=ada&x=1&x=2")) {
			String id = client.awaitType("welcome").get("data").get("id").asString();
			JsonNode me = client.request("whoami", null, "w1");
			assertThat(me.get("id").asString()).isEqualTo(id);
			assertThat(me.get("user").asString()).isEqualTo("ada");
			assertThat(me.get("agent").asString()).contains("Java-http-client");
			assertThat(me.get("remote").asString()).contains("127.0.0.1");
			assertThat(me.get("query").get("x").toString()).isEqualTo("[\"1\",\"2\"]");
		}
	}

	@Test
	void invalidQueryParameterConversionRejectsTheConnection() {
		try (WsTestConnection client = connect("/rooms/lobby?user=ada&limit=lots")) {
			WsTestConnection.Close close = client.awaitCloseStatus();
			assertThat(close.code()).isEqualTo(1008);
			assertThat(close.reason()).isEqualTo("Invalid query parameter 'limit'");
		}
	}

	@Test
	void routedMessageBindsTypedPayloadAndRepliesWithReplyTo() {
		try (WsTestConnection client = connect("/rooms/route?user=ada")) {
			client.sendEnvelope("say", Map.of("text", "hello"), "42");
			JsonNode reply = client.awaitReply("42");
			assertThat(reply.get("data").get("ok").asBoolean()).isTrue();
			assertThat(reply.get("data").get("length").asInt()).isEqualTo(5);
			JsonNode message = client.awaitType("message").get("data");
			assertThat(message.get("text").asString()).isEqualTo("hello");
			assertThat(message.get("user").asString()).isEqualTo("ada");
		}
	}

	@Test
	void numericIdIsEchoedWithItsType() {
		try (WsTestConnection client = connect("/rooms/ids?user=ada")) {
			client.send("{\"action\":\"seq\",\"data\":{\"n\":3},\"id\":17}");
			JsonNode reply = client.awaitJson((json) -> json.has("replyTo"), "a reply");
			assertThat(reply.get("replyTo").isNumber()).isTrue();
			assertThat(reply.get("replyTo").asInt()).isEqualTo(17);
			assertThat(reply.get("data").asInt()).isEqualTo(3);
		}
	}

	@Test
	void replyWithoutIdIsSentAsItIs() {
		try (WsTestConnection client = connect("/rooms/noid?user=ada")) {
			client.sendEnvelope("echo", Map.of("a", 1), null);
			assertThat(client.awaitJson((json) -> json.has("a"), "the echo").get("a").asInt()).isEqualTo(1);
		}
	}

	@Test
	void jsonNodePayloadGetsTheDataField() {
		try (WsTestConnection client = connect("/rooms/node?user=ada")) {
			JsonNode data = client.request("echo", Map.of("nested", List.of(1, 2)), "e1");
			assertThat(data.toString()).isEqualTo("{\"nested\":[1,2]}");
		}
	}

	@Test
	void defaultRouteGetsPlainTextJsonWithoutRouteKeyAndUnknownRoutes() {
		try (WsTestConnection client = connect("/rooms/default?user=ada")) {
			client.send("just text");
			assertThat(client.awaitText((text) -> text.startsWith("fallback:"))).isEqualTo("fallback:just text");
			client.send("{\"hello\":1}");
			assertThat(client.awaitText((text) -> text.startsWith("fallback:"))).isEqualTo("fallback:{\"hello\":1}");
			client.send("{\"action\":\"nobody\",\"id\":\"u1\"}");
			assertThat(client.awaitReply("u1").get("data").asString())
				.isEqualTo("fallback:{\"action\":\"nobody\",\"id\":\"u1\"}");
		}
	}

	@Test
	void completionStageIsRepliedToWhenItCompletes() {
		try (WsTestConnection client = connect("/rooms/async?user=ada")) {
			assertThat(client.request("later", Map.of("text", "soon"), "a1").asString()).isEqualTo("SOON");
		}
	}

	@Test
	void binaryMessageGoesToTheBinaryHandler() {
		try (WsTestConnection client = connect("/rooms/bin?user=ada")) {
			client.sendBinary(new byte[] { 1, 2, 3 });
			assertThat(client.awaitBinary()).containsExactly(3, 2, 1);
		}
	}

	@Test
	void binaryMessageToTextOnlyEndpointClosesWith1003() {
		try (WsTestConnection client = connect("/strict")) {
			client.sendBinary(new byte[] { 1 });
			assertThat(client.awaitClose()).isEqualTo(1003);
		}
	}

	@Test
	void containerBuffersStaySmall() {
		ServerContainer container = (ServerContainer) this.servletContext.getAttribute(ServerContainer.class.getName());
		assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(1024);
		assertThat(container.getDefaultMaxBinaryMessageBufferSize()).isEqualTo(1024);
	}

	@Test
	void largeMessageInOneFrameReachesTheHandlerWhole() {
		String text = "x".repeat(60 * 1024);
		try (WsTestConnection client = connect("/rooms/large?user=ada")) {
			assertThat(client.request("length", Map.of("text", text), "big").asInt()).isEqualTo(text.length());
		}
	}

	@Test
	void fragmentedLargeMessageReachesTheHandlerWhole() {
		String text = "é".repeat(30 * 1024 - 20);
		String envelope = "{\"action\":\"length\",\"id\":\"frag\",\"data\":{\"text\":\"" + text + "\"}}";
		assertThat(envelope.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(60 * 1024);
		List<String> parts = new ArrayList<>();
		for (int i = 0; i < envelope.length(); i += 1000) {
			parts.add(envelope.substring(i, Math.min(envelope.length(), i + 1000)));
		}
		try (WsTestConnection client = connect("/rooms/fragments?user=ada")) {
			client.sendFragments(parts);
			assertThat(client.awaitReply("frag").get("data").asInt()).isEqualTo(text.length());
		}
	}

	@Test
	void messageOverTheLimitClosesWith1009() {
		try (WsTestConnection client = connect("/rooms/toobig?user=ada")) {
			client.send("y".repeat(64 * 1024 + 1));
			assertThat(client.awaitClose()).isEqualTo(1009);
		}
	}

	@Test
	void messageAtTheLimitPasses() {
		try (WsTestConnection client = connect("/rooms/limit?user=ada")) {
			String text = "z".repeat(64 * 1024 - 9);
			client.send(text);
			assertThat(client.awaitText((received) -> received.startsWith("fallback:"))).hasSize(64 * 1024);
		}
	}

	@Test
	void multiByteCharactersCountInBytesAgainstTheLimit() {
		try (WsTestConnection client = connect("/rooms/euro?user=ada")) {
			client.send("€".repeat(30 * 1024));
			assertThat(client.awaitClose()).isEqualTo(1009);
		}
	}

	@Test
	void fragmentedMessageOverTheLimitClosesWith1009() {
		List<String> parts = new ArrayList<>();
		for (int i = 0; i < 7000; i++) {
			parts.add("0123456789");
		}
		try (WsTestConnection client = connect("/rooms/manyfragments?user=ada")) {
			try {
				client.sendFragments(parts);
			}
			catch (IllegalStateException ex) {
				// the server may close while fragments are still being sent
			}
			assertThat(client.awaitClose()).isEqualTo(1009);
		}
	}

	@Test
	void messagesOfOneConnectionAreHandledInOrderWhileOthersRunConcurrently() throws Exception {
		int clients = 8;
		int messages = 200;
		ExecutorService executor = Executors.newFixedThreadPool(clients);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<List<Integer>>> results = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				int client = c;
				results.add(CompletableFuture.supplyAsync(() -> {
					try (WsTestConnection ws = connect("/rooms/order" + client + "?user=u" + client)) {
						ws.awaitType("welcome");
						start.await();
						for (int i = 0; i < messages; i++) {
							ws.send("{\"action\":\"seq\",\"data\":{\"n\":" + i + "}}");
						}
						List<Integer> received = new ArrayList<>();
						for (int i = 0; i < messages; i++) {
							received.add(Integer.parseInt(ws.awaitText((text) -> text.matches("\\d+"))));
						}
						return received;
					}
					catch (InterruptedException ex) {
						throw new IllegalStateException(ex);
					}
				}, executor));
			}
			start.countDown();
			List<Integer> expected = new ArrayList<>();
			for (int i = 0; i < messages; i++) {
				expected.add(i);
			}
			for (CompletableFuture<List<Integer>> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

}
