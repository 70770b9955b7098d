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

import dev.wsboot.test.RawHandshake;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication before the upgrade: a token checked by {@code @OnHandshake}, and the
 * request's own principal for an endpoint that requires one.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(PrincipalFromHeader.class)
class AuthenticationIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	SecureEndpoint secure;

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "/secure/r, 401", "/secure/r?token=, 401", "/secure/r?token=nonsense, 401",
			"/secure/r?token=banned, 403", "/secure/r?token=t-ada, 101" })
	void theHandshakeHookDecidesBeforeTheUpgrade(String target, int status) throws Exception {
		int connectsBefore = this.secure.connects.get();
		String response = RawHandshake.send(this.port, target);
		assertThat(response).startsWith("HTTP/1.1 " + status);
		if (status != 101) {
			assertThat(response).doesNotContain("Sec-WebSocket-Accept");
			assertThat(this.secure.connects.get()).isEqualTo(connectsBefore);
		}
	}

	@Test
	void theHooksPrincipalAndAttributesReachTheConnection() {
		try (WsTestConnection ada = WsTestConnection.connect("ws://localhost:" + this.port + "/secure/lobby?token=t-ada")) {
			JsonNode hello = ada.awaitJson((json) -> json.has("principal"), "the greeting");
			assertThat(hello.get("principal").asString()).isEqualTo("ada");
			assertThat(hello.get("user").asString()).isEqualTo("ada");
			assertThat(hello.get("room").asString()).isEqualTo("lobby");
			assertThat(ada.request("whoami", null, "w").asString()).isEqualTo("ada");
		}
	}

	@Test
	void anEndpointThatRequiresAuthenticationRefusesAnonymousHandshakesWith401() throws Exception {
		assertThat(RawHandshake.send(this.port, "/members-only")).startsWith("HTTP/1.1 401");
		assertThat(RawHandshake.send(this.port, "/members-only", "X-Test-User: bea")).startsWith("HTTP/1.1 101");
	}

	@Test
	void theRequestsPrincipalReachesConnectionAndPrincipalParameters() {
		try (WsTestConnection bea = WsTestConnection.connect("ws://localhost:" + this.port + "/members-only",
				Map.of("X-Test-User", "bea"))) {
			assertThat(bea.request("whoami", null, "w").asString()).isEqualTo("bea/bea");
		}
	}

}
