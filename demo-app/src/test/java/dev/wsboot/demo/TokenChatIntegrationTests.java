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
import java.util.Map;

import dev.wsboot.test.RawHandshake;
import dev.wsboot.test.WsTestClient;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's token authentication: {@code POST /tokens}, then {@code /private/{room}?token=T}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TokenChatIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsTestClient client;

	private HttpResponse<String> post(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String token(String user) throws Exception {
		HttpResponse<String> response = post("/tokens?user=" + user);
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body()).get("token").asString();
	}

	@Test
	void aValidTokenOpensThePrivateRoomAsItsUser() throws Exception {
		try (WsTestConnection ada = this.client.connect("/private/vault?token=" + token("ada"));
				WsTestConnection bob = this.client.connect("/private/vault?token=" + token("bob"));
				WsTestConnection open = this.client.connect("/chat/vault?user=eve")) {
			assertThat(ada.awaitType("joined").get("data").get("user").asString()).isEqualTo("bob");
			bob.sendEnvelope("say", Map.of("text", "secret"), "s");
			JsonNode message = ada.awaitType("message").get("data");
			assertThat(message.get("user").asString()).isEqualTo("bob");
			assertThat(message.get("room").asString()).isEqualTo("vault");
			assertThat(ada.request("members", null, "m").toString()).isEqualTo("[\"ada\",\"bob\"]");
			assertThat(open.request("members", null, "m").toString()).isEqualTo("[\"eve\"]");
			assertThat(open.received()).noneMatch((received) -> received.toString().contains("secret"));
		}
	}

	@Test
	void aMissingForgedOrMalformedTokenGets401BeforeTheUpgrade() throws Exception {
		String genuine = token("ada");
		String forged = genuine.substring(0, genuine.lastIndexOf('.') + 1) + "AAAA";
		for (String target : new String[] { "/private/vault", "/private/vault?token=", "/private/vault?token=" + forged,
				"/private/vault?token=a.b", "/private/vault?token=%25%25%25" }) {
			assertThat(RawHandshake.send(this.port, target)).as(target).startsWith("HTTP/1.1 401");
		}
	}

	@Test
	void tokensAreOnlyIssuedForValidNames() throws Exception {
		assertThat(post("/tokens?user=%3Cscript%3E").statusCode()).isEqualTo(400);
		assertThat(post("/tokens").statusCode()).isEqualTo(400);
		assertThat(post("/tokens?user=%20%20").statusCode()).isEqualTo(400);
	}

	@Test
	void tokensNameTheNormalizedUser() throws Exception {
		// full-width "ａｌｉｃｅ" with a trailing space, as on the WebSocket: "alice"
		HttpResponse<String> response = post("/tokens?user=%EF%BD%81%EF%BD%8C%EF%BD%89%EF%BD%83%EF%BD%85%20");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonMapper.shared().readTree(response.body()).get("user").asString()).isEqualTo("alice");
	}

}
