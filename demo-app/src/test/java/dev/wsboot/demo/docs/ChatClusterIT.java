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

import java.time.Duration;
import java.util.Map;

import dev.wsboot.demo.DemoApplication;
import dev.wsboot.test.WsCluster;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster example of docs/testing.md, run against the demo: nodes in JVMs of their
 * own.
 */
class ChatClusterIT {

  @RegisterExtension
  static final WsCluster cluster = WsCluster.of(DemoApplication.class)
      .properties("ws.registry.redis.node-ttl=1s", "ws.registry.redis.liveness-interval=200ms");

  @Test
  void usersOfAKilledNodeLeaveTheRoom() {
    WsCluster.Node a = cluster.start();
    WsCluster.Node b = cluster.start();
    try (WsTestConnection ada = a.client().connect("/chat/lobby?user=ada");
         WsTestConnection bob = b.client().connect("/chat/lobby?user=bob")) {
      ada.awaitType("joined");
      b.kill();                                   // SIGKILL
      ada.awaitJson((m) -> m.path("type").asString().equals("left"), "bob left");
    }
  }

  @Test
  void survivesARedisRestart() throws Exception {
    WsCluster.Node a = cluster.start();
    WsCluster.Node b = cluster.start();
    try (WsTestConnection ada = a.client().timeout(Duration.ofSeconds(2)).connect("/chat/lobby?user=ada");
         WsTestConnection bob = b.client().timeout(Duration.ofSeconds(2)).connect("/chat/lobby?user=bob")) {
      cluster.redis().restartEmpty();             // also stop() and start()
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        ada.sendEnvelope("say", Map.of("text", "again"), null);
        assertThat(bob.awaitType("message").get("data").get("text").asString()).isEqualTo("again");
      });
    }
  }
}
