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

import java.time.Duration;
import java.util.Map;

import dev.wsboot.test.WsCluster;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The published cluster harness at work: nodes in JVMs of their own on one Redis, a
 * broadcast across them, a node killed abruptly and swept, a node stopped gracefully,
 * and Redis restarted empty under a live cluster.
 */
class WsClusterIntegrationTests {

	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(ClusterTestApplication.class)
		.properties("ws.registry.redis.key-prefix=harness:", "ws.registry.redis.liveness-interval=200ms",
				"ws.registry.redis.node-ttl=1s", "logging.level.root=warn");

	private static String welcome(WsTestConnection connection) {
		return connection.awaitType("welcome").path("data").path("id").asString();
	}

	@Test
	void aBroadcastCrossesNodesAKilledNodeIsSweptAndAStoppedOneClosesWith1001() {
		WsCluster.Node a = cluster.start();
		WsCluster.Node b = cluster.start();
		WsCluster.Node c = cluster.start();
		try (WsTestConnection ada = a.client().connect("/rooms/harness?user=ada");
				WsTestConnection bob = b.client().connect("/rooms/harness?user=bob");
				WsTestConnection cid = c.client().connect("/rooms/harness?user=cid")) {
			welcome(ada);
			String bobId = welcome(bob);
			welcome(cid);
			ada.sendEnvelope("say", Map.of("text", "across"), null);
			assertThat(bob.awaitType("message").path("data").path("text").asString()).isEqualTo("across");

			// SIGKILL: bob's connection drops without a close frame, and a live node sweeps it
			b.kill();
			assertThat(b.isAlive()).isFalse();
			assertThat(ada.awaitJson((message) -> "left".equals(message.path("type").asString())
					&& bobId.equals(message.path("data").path("id").asString()), "bob swept").isObject()).isTrue();

			// SIGTERM: a graceful stop closes its clients with 1001
			c.stop();
			assertThat(cid.awaitClose()).isEqualTo(1001);
			assertThat(ada.request("echo", Map.of("still", "here"), "e").path("still").asString()).isEqualTo("here");
		}
	}

	@Test
	void broadcastsFlowAgainAfterRedisRestartsEmpty() throws Exception {
		WsCluster.Node a = cluster.start();
		WsCluster.Node b = cluster.start();
		// each try of the broadcast below waits 2 s at most
		try (WsTestConnection ada = a.client().timeout(Duration.ofSeconds(2)).connect("/rooms/restart?user=ada");
				WsTestConnection bob = b.client().timeout(Duration.ofSeconds(2)).connect("/rooms/restart?user=bob")) {
			welcome(ada);
			welcome(bob);
			cluster.redis().restartEmpty();
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				String text = "again " + System.nanoTime();
				ada.sendEnvelope("say", Map.of("text", text), null);
				assertThat(bob.awaitJson((message) -> text.equals(message.path("data").path("text").asString()),
						"the broadcast after the restart")).isNotNull();
			});
		}
		finally {
			a.stop();
			b.stop();
		}
	}

}
