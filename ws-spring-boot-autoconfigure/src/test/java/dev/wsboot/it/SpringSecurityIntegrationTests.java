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
import java.util.Base64;
import java.util.Map;

import dev.wsboot.test.RawHandshake;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Security in front, the authenticated principal of the handshake request
 * reaches {@code Connection} and {@code Principal} parameters, and an endpoint that
 * requires authentication refuses anonymous handshakes with 401.
 */
@SpringBootTest(classes = SpringSecurityIntegrationTests.SecuredApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.name=ada", "spring.security.user.password=secret" })
class SpringSecurityIntegrationTests {

	@LocalServerPort
	int port;

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void theAuthenticatedPrincipalReachesTheConnection() {
		try (WsTestConnection ada = WsTestConnection.connect("ws://localhost:" + this.port + "/members-only",
				Map.of("Authorization", basic("ada", "secret")))) {
			assertThat(ada.request("whoami", null, "w").asString()).isEqualTo("ada/ada");
		}
	}

	@Test
	void anonymousAndWrongCredentialsGet401BeforeTheUpgrade() throws Exception {
		assertThat(RawHandshake.send(this.port, "/members-only")).startsWith("HTTP/1.1 401");
		assertThat(RawHandshake.send(this.port, "/members-only", "Authorization: " + basic("ada", "wrong")))
			.startsWith("HTTP/1.1 401");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(MembersOnlyEndpoint.class)
	static class SecuredApplication {

		@Bean
		SecurityFilterChain security(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

}
