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

import dev.wsboot.test.WsTestClient;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test that defines its own {@link WsTestClient} keeps it: the starter's is not
 * defined beside it.
 */
@SpringBootTest(classes = { TestEndpointsApplication.class, OwnTestClientIntegrationTests.OwnClient.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class OwnTestClientIntegrationTests {

	@Autowired
	WsTestClient client;

	@Autowired
	ApplicationContext context;

	@LocalServerPort
	int port;

	@Test
	void theTestsOwnClientIsTheOnlyOne() {
		assertThat(this.context.getBeanNamesForType(WsTestClient.class)).containsExactly("ownClient");
		try (WsTestConnection ada = this.client.connect("/rooms/own?user=ada")) {
			ada.awaitType("welcome");
			assertThat(ada.request("echo", Map.of("n", 1), "e").path("n").asInt()).isEqualTo(1);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnClient {

		@Bean
		@Lazy
		WsTestClient ownClient(Environment environment) {
			return WsTestClient.create("ws://localhost:" + environment.getRequiredProperty("local.server.port"))
				.origin("http://localhost:" + environment.getRequiredProperty("local.server.port"));
		}

	}

}
