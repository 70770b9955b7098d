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

package dev.wsboot.demo.docs;

import java.util.Map;

import dev.wsboot.test.WsTestClient;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-client example of docs/testing.md, run against the demo.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ws.rate-limit.burst=5")
class HostileClientTests {

  @Autowired
  WsTestClient client;

  @Test
  void malformedInputGetsAnErrorFrameAndTheConnectionStays() {
    try (WsTestConnection eve = client.connect("/chat/lobby?user=eve")) {
      eve.send("{\"action\":\"say\",\"data\":");                        // cut short
      eve.awaitError("bad_request");
      eve.sendEnvelope("no-such-action", Map.of(), "2");
      eve.awaitError("unknown_action");
      assertThat(eve.request("say", Map.of("text", "still here"), "3").get("ok").asBoolean()).isTrue();
    }
  }

  @Test
  void anOversizedMessageClosesWith1009() {
    try (WsTestConnection eve = client.connect("/chat/lobby?user=eve")) {
      eve.send("x".repeat(70 * 1024));                                  // over ws.limits.max-message-size
      assertThat(eve.awaitClose()).isEqualTo(1009);
    }
  }

  @Test
  void aFloodIsRateLimited() {
    try (WsTestConnection eve = client.connect("/chat/lobby?user=eve")) {
      for (int i = 0; i < 20; i++) {
        eve.sendEnvelope("say", Map.of("text", "spam " + i), null);
      }
      eve.awaitError("rate_limited");
    }
  }
}
