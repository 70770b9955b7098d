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

import java.util.List;
import java.util.Map;

import dev.wsboot.test.WsTestClient;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo processed ahead of time ({@code spring-boot:process-aot}, in the build) and
 * started in AOT mode on the JVM, as a native image would start: the context is the
 * generated one, and the chat's contract holds. No GraalVM here: this is what is
 * checked instead of a native build.
 */
class DemoAotIT {

	@Test
	void theAheadOfTimeProcessedDemoServesTheChat() throws Exception {
		try (DemoJar demo = DemoJar.start("256m", List.of("-Dspring.aot.enabled=true"))) {
			assertThat(demo.log()).contains("Starting AOT-processed");
			WsTestClient client = WsTestClient.create("ws://localhost:" + demo.port());
			try (WsTestConnection ada = client.connect("/chat/aot?user=ada");
					WsTestConnection bob = client.connect("/chat/aot?user=bob")) {
				assertThat(ada.awaitType("joined").path("data").path("user").asString()).isEqualTo("bob");
				JsonNode reply = bob.request("say", Map.of("text", "ahead of time"), "1");
				assertThat(reply.path("ok").asBoolean()).isTrue();
				assertThat(ada.awaitType("message").path("data").path("text").asString()).isEqualTo("ahead of time");
				assertThat(demo.room("aot").path("members").toString()).contains("ada", "bob");
				// a payload that does not bind is refused as on the JVM: the binding hints are there
				bob.send("{\"action\":\"say\",\"data\":[1,2],\"id\":\"3\"}");
				bob.awaitError("bad_request");
			}
		}
	}

}
