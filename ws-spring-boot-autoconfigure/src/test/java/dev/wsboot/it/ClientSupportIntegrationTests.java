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

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the browser client needs from the server: the client served from the jar, with
 * caching headers, and nothing else of its folder; an answer to its liveness ping
 * without user code.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ClientSupportIntegrationTests {

	@LocalServerPort
	int port;

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void servesTheClientFromTheJarWithCachingHeaders() throws Exception {
		HttpResponse<String> client = get("/wsboot/wsboot.js");
		assertThat(client.statusCode()).isEqualTo(200);
		assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).contains("javascript"));
		assertThat(client.headers().firstValue("Cache-Control")).hasValue("max-age=3600, public");
		try (InputStream in = new ClassPathResource("dev/wsboot/client/wsboot.js").getInputStream()) {
			assertThat(client.body()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8))
				.contains("export function connect");
		}
		String lastModified = client.headers().firstValue("Last-Modified").orElseThrow();
		assertThat(get("/wsboot/wsboot.js", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
		assertThat(get("/wsboot/wsboot.d.ts").body()).contains("export declare function connect");
	}

	@Test
	void servesNothingElse() throws Exception {
		for (String path : new String[] { "/wsboot/package.json", "/wsboot/", "/wsboot/wsboot.jsx",
				"/wsboot/..%2Fwsboot.js", "/wsboot/%2e%2e/application.properties", "/wsboot/wsboot.js%00",
				"/wsboot/" + "a".repeat(5_000) }) {
			assertThat(get(path).statusCode()).as(path).isBetween(400, 499);
		}
	}

	@Test
	void aPlainGetOfAnEndpointAnswersWhatItsHandshakeWouldBeRefusedWith() throws Exception {
		// the client's refusal probe: browsers hide a failed handshake's status
		assertThat(get("/strict", "Origin", "https://evil.example").statusCode()).isEqualTo(403);
		// a handshake that would be accepted: only the upgrade is missing
		assertThat(get("/strict").statusCode()).isEqualTo(400);
	}

	@Test
	void answersTheClientsPingWithoutUserCode() {
		try (WsTestConnection client = WsTestConnection.connect("ws://localhost:" + this.port + "/strict")) {
			JsonNode pong = client.request("$ping", null, "p1");
			assertThat(pong.asString()).isEqualTo("pong");
			// without an id there is nothing to answer
			client.sendEnvelope("$ping", null, null).expectNothingFor(Duration.ofMillis(200));
			// an endpoint's own route of the name wins: /strict routes "ping", not "$ping"
			assertThat(client.request("ping", null, "p2").asString()).isEqualTo("pong");
		}
	}

}
