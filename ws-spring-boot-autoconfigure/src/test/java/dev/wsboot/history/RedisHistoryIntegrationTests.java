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
import dev.wsboot.test.RedisServer;
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
 * Rooms with history on a real Redis, two nodes: a client comes back to the other node;
 * the history survives a node killed with SIGKILL; {@code FLUSHALL} changes the epoch;
 * a broadcast is still one script, one round trip.
 */
class RedisHistoryIntegrationTests extends HistoryContractTests {

	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(HistoryTestApplication.class)
		.properties(HistoryTestApplication.PROPERTIES.toArray(String[]::new));

	static WsCluster.InProcessNode a;

	static WsCluster.InProcessNode b;

	@BeforeAll
	static void startNodes() {
		a = cluster.startInProcess();
		b = cluster.startInProcess();
	}

	@AfterAll
	static void stopNodes() {
		if (a != null) {
			a.close();
		}
		if (b != null) {
			b.close();
		}
	}

	@Override
	String uri(int node, String pathAndQuery) {
		return ((node == 0) ? a : b).uri(pathAndQuery);
	}

	@Override
	WebSocketMessenger messenger(int node) {
		return ((node == 0) ? a : b).bean(WebSocketMessenger.class);
	}

	@Override
	void assertNoHistoryStored(String prefix) {
		RedisServer redis = cluster.redis();
		assertThat(redis.commands().keys("*history*" + prefix + "*")).isEmpty();
		assertThat(redis.commands().keys("*history*")).as("the histories of the rooms written").isNotEmpty();
	}

	@Override
	void awaitReceivingNodes(String room, int nodes) {
		RedisServer redis = cluster.redis();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> redis.commands()
				.pubsubChannels("*:ch:room:" + room)
				.stream()
				.mapToLong(redis::subscribers)
				.sum() >= nodes);
	}

	@Test
	void aClientOfAKilledNodeRecoversOnAnother() {
		WsCluster.Node doomed = cluster.start();
		String room = room("chat");
		HistoryPosition last;
		WsTestConnection ada = WsTestConnection.connect("ws://localhost:" + doomed.port() + "/history/" + room);
		awaitPosition(ada);
		awaitReceivingNodes(room, 1);
		publish(0, room, 3);
		last = position(awaitMessage(ada, 3));
		doomed.kill();
		ada.awaitClose();
		// what was said while the client had no node
		publish(1, room, 5);
		try (WsTestConnection back = connect(1, room, last)) {
			for (long offset = 4; offset <= 8; offset++) {
				assertThat(awaitMessage(back, offset).path("data").path("n").asInt()).isEqualTo((int) offset - 4);
			}
			JsonNode recovered = awaitPosition(back);
			assertThat(recovered.path("recovered").asBoolean()).isTrue();
			assertThat(recovered.path("offset").asLong()).isEqualTo(8);
			back.expectNothingFor(Duration.ofMillis(200));
		}
	}

	@Test
	void aFlushedRedisStartsANewEpochAndNothingIsRecovered() {
		String room = room("chat");
		HistoryPosition last;
		try (WsTestConnection ada = connect(0, room)) {
			awaitPosition(ada);
			publish(0, room, 3);
			last = position(awaitMessage(ada, 3));
		}
		cluster.redis().commands().flushall();
		publish(0, room, 2);
		try (WsTestConnection back = connect(1, room, last)) {
			JsonNode result = awaitPosition(back);
			assertThat(result.path("recovered").asBoolean()).isFalse();
			assertThat(result.path("epoch").asString()).isNotEqualTo(last.epoch());
			assertThat(result.path("offset").asLong()).isEqualTo(2);
			assertThat(back.received()).isEmpty();
			// the new epoch is recovered as any other
			HistoryPosition fresh = position(result);
			publish(0, room, 1);
			awaitMessage(back, 3);
			try (WsTestConnection again = connect(0, room, fresh)) {
				awaitMessage(again, 3);
				assertThat(awaitPosition(again).path("recovered").asBoolean()).isTrue();
			}
		}
	}

	@Test
	void aBroadcastToARoomWithHistoryIsOneScriptThatAppendsAndPublishes() {
		String room = room("chat");
		RedisServer redis = cluster.redis();
		messenger(0).history(room, 1, null);
		long xadds = redis.calls("xadd");
		long publishes = redis.calls("publish");
		long scripts = redis.calls("evalsha") + redis.calls("eval");
		for (int i = 0; i < 200; i++) {
			messenger(0).sendToRoom(room, Event.of("message", Map.of("n", i)));
		}
		assertThat(redis.calls("xadd") - xadds).isEqualTo(200);
		assertThat(redis.calls("publish") - publishes).isEqualTo(200);
		// the nodes' liveness scripts run beside the broadcasts: a few at most
		assertThat(redis.calls("evalsha") + redis.calls("eval") - scripts).isBetween(200L, 220L);
		assertThat(redis.commands().keys("*:history:" + room)).singleElement()
			.satisfies((stream) -> assertThat(redis.commands().xlen(stream)).isEqualTo(200));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> messenger(1).history(room, 1, null).position().offset() == 200);
	}

}
