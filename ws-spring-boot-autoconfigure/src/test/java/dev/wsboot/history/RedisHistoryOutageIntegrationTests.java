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

package dev.wsboot.history;

import java.time.Duration;
import java.util.Map;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.registry.redis.RedisConnectionRegistry;
import dev.wsboot.test.WsCluster;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rooms with history while their Redis is down: a client that asks to recover is told
 * that nothing was recovered; broadcasts still reach the node's own members,
 * without a position; once Redis is back (empty), positions start a new epoch.
 */
class RedisHistoryOutageIntegrationTests {

	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(HistoryTestApplication.class)
		.properties(HistoryTestApplication.PROPERTIES.toArray(String[]::new))
		.properties("ws.registry.redis.liveness-interval=200ms");

	static WsCluster.InProcessNode node;

	@BeforeAll
	static void startNode() {
		node = cluster.startInProcess();
	}

	@AfterAll
	static void stopNode() {
		if (node != null) {
			node.close();
		}
	}

	@Test
	void whileRedisIsDownAJoinIsToldAndBroadcastsStillReachTheNodesMembers() throws Exception {
		String room = "chat:outage";
		String path = "/history/" + room;
		HistoryPosition before;
		try (WsTestConnection ada = WsTestConnection.connect(node.uri(path))) {
			before = HistoryContractTests.position(HistoryContractTests.awaitPosition(ada));
		}
		RedisConnectionRegistry registry = node.bean(RedisConnectionRegistry.class);
		cluster.redis().stop();
		try {
			await().atMost(Duration.ofSeconds(20)).until(registry::isRedisDown);
			try (WsTestConnection bob = WsTestConnection
				.connect(node.uri(path + "?recover=" + HistoryContractTests.recover(room, before)))) {
				assertThat(bob.awaitError("history_unavailable").path("message").asString())
					.contains("nothing was recovered");
				node.bean(WebSocketMessenger.class).sendToRoom(room, Event.of("message", Map.of("n", 1)));
				JsonNode live = bob.awaitType("message");
				assertThat(live.path("data").path("n").asInt()).isEqualTo(1);
				assertThat(live.has("offset")).isFalse();
				assertThat(bob.received()).isEmpty();
			}
		}
		finally {
			cluster.redis().start();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> !registry.isRedisDown());
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			try (WsTestConnection cy = WsTestConnection.connect(node.uri(path))) {
				JsonNode position = HistoryContractTests.awaitPosition(cy);
				assertThat(position.path("epoch").asString()).isNotEqualTo(before.epoch());
			}
		});
	}

}
