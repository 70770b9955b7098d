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


package dev.wsboot.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.memory.InMemoryConnectionRegistry;
import dev.wsboot.registry.RegisteredConnection;
import dev.wsboot.test.WsTestClient;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's public contract, checked through a real server and client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DemoChatIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsTestClient client;

	@Autowired
	ConnectionRegistry registry;

	private WsTestConnection join(String room, String user) {
		return this.client.connect("/chat/" + room + "?user=" + user);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void runsInMemoryByDefault() {
		assertThat(this.registry).isInstanceOf(InMemoryConnectionRegistry.class);
	}

	@Test
	void exposesHealthInfoPrometheusAndTheReadOnlyWebsocketsEndpoint() throws Exception {
		try (WsTestConnection ada = join("observed", "ada")) {
			ada.sendEnvelope("say", Map.of("text", "counted"), "c1");
			ada.awaitReply("c1");
			JsonNode health = new JsonMapper().readTree(get("/actuator/health").body());
			assertThat(health.path("components").path("ws").path("status").asString()).isEqualTo("UP");
			JsonNode info = new JsonMapper().readTree(get("/actuator/info").body());
			assertThat(info.path("ws").path("registry").asString()).isEqualTo("memory");
			await().untilAsserted(() -> assertThat(get("/actuator/prometheus").body())
				.contains("ws_connections{endpoint=\"/chat/{room}\"")
				.contains("ws_message_seconds_count{endpoint=\"/chat/{room}\",error=\"none\",exception=\"none\",outcome=\"success\",route=\"say\"}"));
			JsonNode rooms = new JsonMapper().readTree(get("/actuator/websockets/rooms/observed").body());
			assertThat(rooms.path("members")).hasSize(1);
			assertThat(rooms.path("members").get(0).path("user").asString()).isEqualTo("ada");
			String id = rooms.path("members").get(0).path("id").asString();
			HttpResponse<String> delete = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/websockets/connections/" + id))
					.DELETE()
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(delete.statusCode()).as("read-only by default").isIn(404, 405);
			assertThat(ada.isClosed()).isFalse();
		}
	}

	@Test
	void servesTheChatPage() throws Exception {
		HttpResponse<String> page = get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("from '/wsboot/wsboot.js'").contains("location.host");
		assertThat(get("/wsboot/wsboot.js").statusCode()).isEqualTo(200);
	}

	@Test
	void chatInOneRoom() throws Exception {
		try (WsTestConnection ada = join("lobby", "ada"); WsTestConnection bob = join("lobby", "bob");
				WsTestConnection eve = join("elsewhere", "eve")) {
			assertThat(ada.awaitType("joined").get("data").get("user").asString()).isEqualTo("bob");

			bob.sendEnvelope("say", Map.of("text", "hello ada"), "7");
			JsonNode reply = bob.awaitReply("7");
			assertThat(reply.get("data").get("ok").asBoolean()).isTrue();
			for (WsTestConnection member : new WsTestConnection[] { ada, bob }) {
				JsonNode message = member.awaitType("message").get("data");
				assertThat(message.get("user").asString()).isEqualTo("bob");
				assertThat(message.get("room").asString()).isEqualTo("lobby");
				assertThat(message.get("text").asString()).isEqualTo("hello ada");
				assertThat(message.get("at").asString()).isNotBlank();
			}

			JsonNode members = ada.request("members", null, "m1");
			assertThat(members.toString()).isEqualTo("[\"ada\",\"bob\"]");

			JsonNode details = JsonMapper.shared().readTree(get("/rooms/lobby").body());
			assertThat(details.get("room").asString()).isEqualTo("lobby");
			assertThat(details.get("connections").asInt()).isEqualTo(2);
			assertThat(details.get("members").toString()).isEqualTo("[\"ada\",\"bob\"]");
			assertThat(details.get("next").isNull()).isTrue();
			assertThat(details.get("recent")).singleElement().satisfies((said) -> {
				assertThat(said.get("user").asString()).isEqualTo("bob");
				assertThat(said.get("text").asString()).isEqualTo("hello ada");
				assertThat(said.get("offset").asLong()).isPositive();
			});

			eve.request("members", null, "sync");
			assertThat(eve.received()).noneMatch((received) -> received.toString().contains("hello ada"));

			bob.close();
			assertThat(ada.awaitType("left").get("data").get("user").asString()).isEqualTo("bob");
			await().until(() -> this.registry.count("lobby") == 1);
		}
	}

	@Test
	void emptyRoomHasNoMembers() throws Exception {
		JsonNode details = JsonMapper.shared().readTree(get("/rooms/nobody-here").body());
		assertThat(details.toString())
			.isEqualTo("{\"room\":\"nobody-here\",\"connections\":0,\"members\":[],\"next\":null,\"recent\":[]}");
	}

	@Test
	void aLateJoinerReadsWhatWasSaidAndAReturningClientRecoversWhatItMissed() throws Exception {
		JsonNode left;
		try (WsTestConnection ada = join("recent", "ada"); WsTestConnection bob = join("recent", "bob")) {
			ada.awaitType("joined");
			bob.sendEnvelope("say", Map.of("text", "before ada left"), null);
			left = ada.awaitJson((json) -> "message".equals(json.path("type").asString(null)), "bob's message");
			assertThat(left.get("room").asString()).isEqualTo("recent");
			assertThat(left.get("epoch").asString()).isNotBlank();
			ada.close();
			bob.awaitType("left");
			bob.sendEnvelope("say", Map.of("text", "while ada was away"), null);
			bob.awaitJson((json) -> json.path("data").path("text").asString("").equals("while ada was away"), "it");
		}
		JsonNode recent = JsonMapper.shared().readTree(get("/rooms/recent").body()).get("recent");
		assertThat(recent).extracting((said) -> said.get("text").asString())
			.containsExactly("before ada left", "while ada was away");
		String position = "recent:" + left.get("epoch").asString() + ":" + left.get("offset").asLong();
		try (WsTestConnection ada = this.client.connect("/chat/recent?user=ada&recover=" + position)) {
			JsonNode missed = ada.awaitType("message");
			assertThat(missed.get("data").get("text").asString()).isEqualTo("while ada was away");
			JsonNode recovered = ada.awaitType("position");
			assertThat(recovered.get("recovered").asBoolean()).isTrue();
			// bob's "left" came after
			assertThat(recovered.get("offset").asLong()).isGreaterThanOrEqualTo(missed.get("offset").asLong());
		}
	}

	@Test
	void namesAreKeptNormalizedSoThatLookAlikesAreOneName() throws Exception {
		// full-width "ａｄａ" and a trailing space: NFKC and trimmed, they are "ada"
		try (WsTestConnection ada = join("normal", "%EF%BD%81%EF%BD%84%EF%BD%81%20");
				WsTestConnection bob = join("normal", "bob")) {
			assertThat(ada.awaitType("joined").get("data").get("user").asString()).isEqualTo("bob");
			assertThat(JsonMapper.shared().readTree(get("/rooms/normal").body()).get("members").toString())
				.isEqualTo("[\"ada\",\"bob\"]");
		}
	}

	@Test
	void membersOfABigRoomComeAHundredAtATime() throws Exception {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			String id = this.registry.nextConnectionId();
			this.registry.register(new Quiet(id, String.format("user%04d", i)));
			this.registry.join(id, "big");
			ids.add(id);
		}
		try (WsTestConnection ada = join("big", "ada")) {
			await().until(() -> this.registry.count("big") == 2_001);
			assertThat(ada.request("members", null, "m")).hasSize(100);
			List<String> names = new ArrayList<>();
			String after = null;
			int pages = 0;
			do {
				JsonNode page = JsonMapper.shared()
					.readTree(get("/rooms/big" + ((after != null) ? "?after=" + after : "")).body());
				assertThat(page.get("connections").asInt()).isEqualTo(2_001);
				assertThat(page.get("members")).hasSizeLessThanOrEqualTo(100);
				page.get("members").forEach((name) -> names.add(name.asString()));
				after = page.get("next").isNull() ? null : page.get("next").asString();
				pages++;
			}
			while (after != null);
			assertThat(pages).isEqualTo(21);
			assertThat(names).hasSize(2_001).doesNotHaveDuplicates().contains("ada", "user0000", "user1999");
		}
		finally {
			ids.forEach(this.registry::unregister);
		}
	}

	@Test
	void aPageCursorThatIsNoConnectionIdIsABadRequest() throws Exception {
		assertThat(get("/rooms/lobby?after=" + "x".repeat(129)).statusCode()).isEqualTo(400);
		assertThat(get("/rooms/lobby?after=%0A").statusCode()).isEqualTo(400);
		assertThat(get("/rooms/lobby?after=a%20b").statusCode()).isEqualTo(400);
		assertThat(get("/rooms/lobby?after=").statusCode()).isEqualTo(400);
		assertThat(get("/rooms/lobby?after=node-1").statusCode()).isEqualTo(200);
	}

	/** A member without a socket, to fill a room. */
	record Quiet(String id, String user) implements RegisteredConnection {

		@Override
		public void deliver(OutboundMessage message) {
		}

		@Override
		public void close(CloseStatus status) {
		}

	}

	@Test
	void roomDetailsOfAnInvalidRoomNameAreABadRequest() throws Exception {
		assertThat(get("/rooms/" + "x".repeat(33)).statusCode()).isEqualTo(400);
		assertThat(get("/rooms/%3Cscript%3E").statusCode()).isEqualTo(400);
	}

	@Test
	void connectionWithoutAValidUserIsRefused() {
		try (WsTestConnection nameless = this.client.connect("/chat/lobby")) {
			assertThat(nameless.awaitClose()).isEqualTo(1008);
		}
		try (WsTestConnection hostile = join("lobby", "%3Cscript%3E")) {
			assertThat(hostile.awaitClose()).isEqualTo(1008);
		}
	}

	@Test
	void emptyTextGetsAnErrorAndTheConnectionStays() {
		try (WsTestConnection ada = join("quiet", "ada")) {
			JsonNode reply = ada.request("say", Map.of("text", "   "), "e1");
			assertThat(reply.get("type").asString()).isEqualTo("error");
			assertThat(ada.request("members", null, "m2").toString()).isEqualTo("[\"ada\"]");
		}
	}

}
