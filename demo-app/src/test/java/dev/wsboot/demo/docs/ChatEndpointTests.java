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

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;

import dev.wsboot.test.WsTestClient;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-node example of docs/testing.md, run against the demo; TestingGuideTests
 * checks that the guide shows this code.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ChatEndpointTests {

  @Autowired
  WsTestClient client;

  @Test
  void saysHello() {
    try (WsTestConnection ada = client.connect("/chat/lobby?user=ada");
         WsTestConnection bob = client.connect("/chat/elsewhere?user=bob")) {
      JsonNode reply = ada.request("say", Map.of("text", "hi"), "1");   // awaits {"replyTo":"1",...}
      assertThat(reply.get("ok").asBoolean()).isTrue();
      assertThat(ada.awaitType("message").get("data").get("text").asString()).isEqualTo("hi");
      bob.awaitType("position");                                         // its room's position on join
      bob.expectNothingFor(Duration.ofMillis(300));                      // another room hears nothing
    }
  }

  @Test
  void refusesOtherSites() {
    Throwable refusal = client.origin("https://evil.example").refusal("/chat/lobby?user=eve");
    assertThat(((WebSocketHandshakeException) refusal).getResponse().statusCode()).isEqualTo(403);
  }
}
