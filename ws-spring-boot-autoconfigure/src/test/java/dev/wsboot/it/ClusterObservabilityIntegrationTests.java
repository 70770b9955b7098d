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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wsboot.registry.redis.RedisConnectionRegistry;
import dev.wsboot.test.WsCluster;
import dev.wsboot.test.WsTestConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on a real Redis, with Actuator: the {@code websockets} endpoint of one node
 * lists a room spread over both and closes a connection held by the other; the health
 * goes down while Redis is stopped and up when it is back; the Redis meters count.
 */
class ClusterObservabilityIntegrationTests {

	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(TestEndpointsApplication.class)
		.properties("ws.registry.redis.liveness-interval=200ms", "ws.registry.redis.node-ttl=1s",
				"management.endpoints.web.exposure.include=health,websockets",
				"management.endpoint.health.show-details=always");

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = new JsonMapper();

	private static WsCluster.InProcessNode node(String prefix, String... more) {
		List<String> args = new ArrayList<>(List.of("--ws.registry.redis.key-prefix=" + prefix));
		args.addAll(List.of(more));
		return cluster.startInProcess(args.toArray(String[]::new));
	}

	private static String welcome(WsTestConnection client) {
		return client.awaitType("welcome").path("data").path("id").asString();
	}

	@Test
	void theEndpointListsARoomSpreadOverTwoNodesAndClosesAConnectionHeldByTheOther() throws Exception {
		try (WsCluster.InProcessNode a = node("actuate:", "--management.endpoint.websockets.access=unrestricted");
				WsCluster.InProcessNode b = node("actuate:");
				WsTestConnection ada = a.client().connect("/rooms/spread?user=ada");
				WsTestConnection bob = b.client().connect("/rooms/spread?user=bob")) {
			String adaId = welcome(ada);
			String bobId = welcome(bob);
			String nodeA = a.context().getBean(RedisConnectionRegistry.class).nodeId();
			String nodeB = b.context().getBean(RedisConnectionRegistry.class).nodeId();

			JsonNode overview = get(a, "/actuator/websockets").body();
			assertThat(overview.path("registry").asString()).isEqualTo("redis");
			assertThat(overview.path("rooms").toString()).contains("{\"name\":\"spread\",\"members\":2}");
			assertThat(overview.path("nodes").toString()).contains(nodeA, nodeB);

			JsonNode room = get(a, "/actuator/websockets/rooms/spread").body();
			assertThat(room.path("members").toString()).contains("\"id\":\"" + adaId + "\"",
					"\"node\":\"" + nodeA + "\"", "\"id\":\"" + bobId + "\"", "\"node\":\"" + nodeB + "\"");

			JsonNode remote = get(a, "/actuator/websockets/connections/" + bobId).body();
			assertThat(remote.path("local").asBoolean()).isFalse();
			assertThat(remote.path("node").asString()).isEqualTo(nodeB);
			assertThat(remote.path("rooms").toString()).isEqualTo("[\"spread\"]");

			// node B is read-only: it offers no close
			assertThat(delete(b, "/actuator/websockets/connections/" + adaId)).isIn(404, 405);
			// node A closes bob, held by node B, with 1008; B runs @OnDisconnect once
			assertThat(delete(a, "/actuator/websockets/connections/" + bobId)).isEqualTo(200);
			WsTestConnection.Close close = bob.awaitCloseStatus();
			assertThat(close.code()).isEqualTo(1008);
			assertThat(close.reason()).isEqualTo("closed by operator");
			RoomEndpoint endpointB = b.context().getBean(RoomEndpoint.class);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(endpointB.disconnects).filteredOn((d) -> d.id().equals(bobId))
					.hasSize(1));
			assertThat(ada.awaitType("left").path("data").path("id").asString()).isEqualTo(bobId);
			assertThat(delete(a, "/actuator/websockets/connections/" + bobId)).isEqualTo(404);
			assertThat(ada.isClosed()).isFalse();
		}
	}

	@Test
	void healthGoesDownWhileRedisIsStoppedAndUpWhenItIsBackAndTheRedisMetersCount() throws Exception {
		try (WsCluster.InProcessNode a = node("healthy:"); WsCluster.InProcessNode b = node("healthy:");
				WsTestConnection ada = a.client().connect("/rooms/h?user=ada");
				WsTestConnection bob = b.client().connect("/rooms/h?user=bob")) {
			welcome(ada);
			welcome(bob);
			JsonNode up = get(a, "/actuator/health").body().path("components").path("ws");
			assertThat(up.path("status").asString()).isEqualTo("UP");
			assertThat(up.path("details").path("registry").asString()).isEqualTo("redis");
			assertThat(up.path("details").path("node").asString())
				.isEqualTo(a.context().getBean(RedisConnectionRegistry.class).nodeId());
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(get(a, "/actuator/health").body()
					.path("components").path("ws").path("details").path("liveNodes").asInt()).isEqualTo(2));
			MeterRegistry meters = a.context().getBean(MeterRegistry.class);
			double publishes = meters.get("ws.redis.publishes").functionCounter().count();
			ada.sendEnvelope("say", Map.of("text", "over the bus"), null);
			bob.awaitType("message");
			assertThat(meters.get("ws.redis.publishes").functionCounter().count()).isGreaterThan(publishes);
			assertThat(meters.get("ws.redis.up").gauge().value()).isEqualTo(1);

			cluster.redis().stop();
			try {
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					Response health = get(a, "/actuator/health");
					assertThat(health.status()).isEqualTo(503);
					JsonNode ws = health.body().path("components").path("ws");
					assertThat(ws.path("status").asString()).isEqualTo("DOWN");
					assertThat(ws.path("details").path("redis").asString()).startsWith("unreachable");
				});
				assertThat(meters.get("ws.redis.up").gauge().value()).isZero();
				// local delivery goes on while the health is down
				assertThat(ada.request("echo", Map.of("n", 1), "local").path("n").asInt()).isEqualTo(1);
			}
			finally {
				cluster.redis().start();
			}
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(get(a, "/actuator/health").body()
					.path("components").path("ws").path("status").asString()).isEqualTo("UP"));
			assertThat(meters.get("ws.redis.failures").functionCounter().count()).isPositive();
		}
	}

	private static Response get(WsCluster.InProcessNode node, String path) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + node.port() + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		JsonNode body = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
		return new Response(response.statusCode(), body);
	}

	private static int delete(WsCluster.InProcessNode node, String path) throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + node.port() + path)).DELETE().build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	record Response(int status, JsonNode body) {
	}

}
