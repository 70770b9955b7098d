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

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.wsboot.test.WsCluster;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chat room spans three demo nodes on one Redis, started by the published cluster
 * harness ({@link WsCluster}), each in a JVM of its own; one node is killed with SIGKILL
 * while its users are in the room. Within the node TTL its users leave the room, and
 * each survivor hears of each of them exactly once.
 */
class DemoClusterCrashIT {

	/** Three demo nodes, each in a JVM of its own, on a Redis of their own; a short TTL. */
	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(DemoApplication.class)
		.properties("ws.registry.redis.key-prefix=demo:", "ws.registry.redis.liveness-interval=200ms",
				"ws.registry.redis.node-ttl=1s");

	@Test
	void killedNodesUsersLeaveTheRoomWithinTheTtlAndSurvivorsHearItOnce() throws Exception {
		WsCluster.Node victim = cluster.start();
		WsCluster.Node b = cluster.start();
		WsCluster.Node c = cluster.start();
		try {
			WsTestConnection ada = b.client().connect("/chat/lobby?user=ada");
			WsTestConnection cy = c.client().connect("/chat/lobby?user=cy");
			assertThat(ada.awaitType("joined").get("data").get("user").asString()).isEqualTo("cy");
			WsTestConnection vic1 = victim.client().connect("/chat/lobby?user=vic1");
			WsTestConnection vic2 = victim.client().connect("/chat/lobby?user=vic2");
			for (WsTestConnection survivor : List.of(ada, cy)) {
				assertThat(List.of(joinedUser(survivor), joinedUser(survivor))).containsExactlyInAnyOrder("vic1", "vic2");
			}
			vic1.sendEnvelope("say", Map.of("text", "from the doomed node"), "v1");
			for (WsTestConnection survivor : List.of(ada, cy)) {
				assertThat(survivor.awaitType("message").get("data").get("text").asString())
					.isEqualTo("from the doomed node");
			}
			assertThat(roomDetails(b.port()).get("connections").asInt()).isEqualTo(4);

			long killedAt = System.nanoTime();
			victim.kill();
			assertThat(vic1.awaitClose()).isEqualTo(1006);
			vic2.abort();

			for (WsTestConnection survivor : List.of(ada, cy)) {
				assertThat(List.of(leftUser(survivor), leftUser(survivor))).containsExactlyInAnyOrder("vic1", "vic2");
			}
			Duration sweptAfter = Duration.ofNanos(System.nanoTime() - killedAt);
			assertThat(sweptAfter).isLessThan(Duration.ofSeconds(3));
			JsonNode details = roomDetails(c.port());
			assertThat(details.get("connections").asInt()).isEqualTo(2);
			assertThat(details.get("members").toString()).isEqualTo("[\"ada\",\"cy\"]");
			assertThat(cluster.redis().commands().smembers("demo:nodes")).hasSize(2);

			for (WsTestConnection survivor : List.of(ada, cy)) {
				survivor.request("members", null, "sync");
				assertThat(survivor.received()).noneMatch((message) -> message.toString().contains("\"left\""));
			}
			ada.sendEnvelope("say", Map.of("text", "still here"), "s2");
			assertThat(cy.awaitType("message").get("data").get("text").asString()).isEqualTo("still here");
			ada.close();
			cy.close();
		}
		finally {
			victim.kill();
			b.stop();
			c.stop();
		}
	}

	private static String joinedUser(WsTestConnection client) {
		return victimEvent(client, "joined");
	}

	private static String leftUser(WsTestConnection client) {
		return victimEvent(client, "left");
	}

	private static String victimEvent(WsTestConnection client, String type) {
		return client
			.awaitJson((json) -> type.equals(json.path("type").asString(null))
					&& json.path("data").path("user").asString("").startsWith("vic"), "'" + type + "' of a victim")
			.get("data")
			.get("user")
			.asString();
	}

	private static JsonNode roomDetails(int port) throws Exception {
		return DemoJar.room(port, "lobby");
	}

}
