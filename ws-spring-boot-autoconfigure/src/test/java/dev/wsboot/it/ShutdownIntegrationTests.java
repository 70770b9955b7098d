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

import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On application stop every client gets 1001 and {@code @OnDisconnect} runs for each
 * while the application is still up.
 */
class ShutdownIntegrationTests {

	@Test
	void stoppingTheApplicationClosesEveryClientWith1001AndRunsOnDisconnect() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestEndpointsApplication.class)
			.run("--server.port=0", "--ws.registry.type=memory");
		String port = context.getEnvironment().getProperty("local.server.port");
		RoomEndpoint endpoint = context.getBean(RoomEndpoint.class);
		try (WsTestConnection ada = WsTestConnection.connect("ws://localhost:" + port + "/rooms/bye?user=ada");
				WsTestConnection bob = WsTestConnection.connect("ws://localhost:" + port + "/strict")) {
			String adaId = ada.awaitType("welcome").get("data").get("id").asString();
			context.close();
			WsTestConnection.Close close = ada.awaitCloseStatus();
			assertThat(close.code()).isEqualTo(1001);
			assertThat(close.reason()).isEqualTo("server shutdown");
			assertThat(bob.awaitClose()).isEqualTo(1001);
			assertThat(endpoint.disconnects).anyMatch((disconnect) -> disconnect.id().equals(adaId)
					&& disconnect.code() == 1001 && disconnect.rooms().contains("bye"));
		}
	}

}
