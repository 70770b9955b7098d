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


package dev.wsboot.registry.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsboot.it.TestEndpointsApplication;
import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.UserKeys;
import dev.wsboot.test.RedisServer;
import dev.wsboot.test.WsCluster;
import dev.wsboot.test.WsTestConnection;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis restarted empty, and a node shut down gracefully.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisFaultIntegrationTests {

	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(TestEndpointsApplication.class);

	/** The cluster's Redis, for the probes. */
	static final RedisServer redis = cluster.redis();

	private static WsCluster.InProcessNode node(String prefix, String... more) {
		List<String> args = new ArrayList<>(List.of("--ws.registry.redis.key-prefix=" + prefix,
				"--ws.registry.redis.liveness-interval=200ms", "--ws.registry.redis.node-ttl=1s"));
		args.addAll(List.of(more));
		return cluster.startInProcess(args.toArray(String[]::new));
	}

	@Test
	void theUserLimitHoldsAcrossNodes() {
		try (WsCluster.InProcessNode a = node("users:", "--ws.limits.max-connections-per-user=2");
				WsCluster.InProcessNode b = node("users:", "--ws.limits.max-connections-per-user=2");
				WsTestConnection one = WsTestConnection.connect(a.uri("/rooms/u?user=zoe"));
				WsTestConnection two = WsTestConnection.connect(b.uri("/rooms/u?user=zoe"))) {
			welcome(one);
			welcome(two);
			try (WsTestConnection three = WsTestConnection.connect(a.uri("/rooms/u?user=zoe"))) {
				assertThat(three.awaitClose()).isEqualTo(1013);
			}
			try (WsTestConnection four = WsTestConnection.connect(b.uri("/rooms/u?user=zoe"))) {
				assertThat(four.awaitClose()).isEqualTo(1013);
			}
			// a name given without a principal counts within its endpoint, on every node
			String zoe = UserKeys.unauthenticated("/rooms/{room}", "zoe");
			assertThat(redis.commands().scard("users:user:" + zoe)).isEqualTo(2);
			assertThat(a.bean(ConnectionRegistry.class).userConnectionCount(zoe)).isEqualTo(2);
			assertThat(a.bean(ConnectionRegistry.class).userConnectionCount("zoe")).isZero();
		}
	}

	private static String welcome(WsTestConnection client) {
		return client.awaitType("welcome").get("data").get("id").asString();
	}

	@Test
	void afterRedisRestartsEmptyNodesReassertTheirStateAndBroadcastsFlowAgain(CapturedOutput output) throws Exception {
		try (WsCluster.InProcessNode a = node("restart:"); WsCluster.InProcessNode b = node("restart:");
				WsTestConnection ada = WsTestConnection.connect(a.uri("/rooms/r?user=ada"));
				WsTestConnection al = WsTestConnection.connect(a.uri("/rooms/r?user=al"));
				WsTestConnection bob = WsTestConnection.connect(b.uri("/rooms/r?user=bob"))) {
			String adaId = welcome(ada);
			String alId = welcome(al);
			String bobId = welcome(bob);
			await().until(() -> redis.subscribers("restart:ch:room:r") == 2);

			redis.stop();
			long started = System.nanoTime();
			for (int i = 0; i < 50; i++) {
				a.bean(WebSocketMessenger.class).sendToRoom("r", Event.of("during", i));
			}
			Duration fiftyBroadcasts = Duration.ofNanos(System.nanoTime() - started);
			for (int i = 0; i < 50; i++) {
				assertThat(ada.awaitType("during").get("data").asInt()).isEqualTo(i);
				assertThat(al.awaitType("during").get("data").asInt()).isEqualTo(i);
			}
			assertThat(fiftyBroadcasts).as("only the first failure waits for the command timeout")
				.isLessThan(Duration.ofSeconds(5));
			assertThat(((RedisConnectionRegistry) a.bean(ConnectionRegistry.class)).isRedisDown()).isTrue();
			al.close();
			await().until(() -> a.bean(ConnectionRegistry.class).connectionCount() == 1);

			redis.start();
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(redis.roomMembers("restart:room:r"))
					.containsExactlyInAnyOrder(adaId, bobId));
			assertThat(redis.commands().exists("restart:conn:" + alId)).isZero();
			assertThat(redis.commands().smembers("restart:user:" + UserKeys.unauthenticated("/rooms/{room}", "ada")))
				.containsExactly(adaId);
			assertThat(redis.commands().smembers("restart:nodes")).hasSize(2);

			AtomicInteger attempt = new AtomicInteger();
			await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
				a.bean(WebSocketMessenger.class).sendToRoom("r", Event.of("after", attempt.incrementAndGet()));
				return bob.received().stream().anyMatch((message) -> message.toString().contains("\"after\""));
			});
			bob.request("echo", Map.of("sync", 1), "sync");
			assertThat(((RedisConnectionRegistry) a.bean(ConnectionRegistry.class)).isRedisDown()).isFalse();
			assertThat(b.bean(WebSocketMessenger.class).count("r")).isEqualTo(2);
			assertThat(output.toString().split("Redis is unreachable", -1)).as("one warning per node and outage")
				.hasSizeLessThanOrEqualTo(3);
		}
	}

	@Test
	void changesMissedWhileRedisWasUnreachableAreRepairedWhenItAnswers() {
		try (WsCluster.InProcessNode a = node("pause:"); WsTestConnection ada = WsTestConnection.connect(a.uri("/rooms/p?user=ada"));
				WsTestConnection al = WsTestConnection.connect(a.uri("/rooms/p?user=al"))) {
			String adaId = welcome(ada);
			String alId = welcome(al);
			assertThat(redis.roomMembers("pause:room:p")).containsExactlyInAnyOrder(adaId, alId);
			RedisConnectionRegistry registry = (RedisConnectionRegistry) a.bean(ConnectionRegistry.class);

			redis.commands().clientPause(3000);
			al.close();
			await().atMost(Duration.ofSeconds(10)).until(registry::isRedisDown);
			assertThat(ada.request("join", Map.of("text", "joined-while-down"), "j").asBoolean()).isTrue();

			await().atMost(Duration.ofSeconds(15)).until(() -> !registry.isRedisDown());
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(redis.roomMembers("pause:room:p")).containsExactly(adaId));
			assertThat(redis.commands().exists("pause:conn:" + alId)).isZero();
			assertThat(redis.roomMembers("pause:room:joined-while-down")).containsExactly(adaId);
			assertThat(redis.commands().smembers("pause:node:" + registry.nodeId())).containsExactly(adaId);
		}
	}

	@Test
	void gracefulShutdownClosesWith1001AndRemovesTheNodeFromRedisAtOnce() {
		WsCluster.InProcessNode survivor = node("graceful:");
		WsCluster.InProcessNode leaving = node("graceful:");
		try (WsTestConnection ada = WsTestConnection.connect(survivor.uri("/rooms/g?user=ada"));
				WsTestConnection bob = WsTestConnection.connect(leaving.uri("/rooms/g?user=bob"))) {
			welcome(ada);
			String bobId = welcome(bob);
			String leavingNode = ((RedisConnectionRegistry) leaving.bean(ConnectionRegistry.class)).nodeId();
			assertThat(redis.roomMembers("graceful:room:g")).contains(bobId);

			leaving.close();

			assertThat(bob.awaitClose()).isEqualTo(1001);
			assertThat(redis.roomMembers("graceful:room:g")).doesNotContain(bobId);
			assertThat(redis.commands().exists("graceful:conn:" + bobId, "graceful:node:" + leavingNode,
					"graceful:alive:" + leavingNode)).isZero();
			assertThat(redis.commands().smembers("graceful:nodes")).doesNotContain(leavingNode);
			assertThat(ada.awaitType("left").get("data").get("id").asString()).isEqualTo(bobId);
		}
		finally {
			survivor.close();
		}
	}

	@Test
	void aSilentNodeIsSweptOnceAndItsConnectionsReportedLost() {
		try (WsCluster.InProcessNode a = node("sweep:"); WsCluster.InProcessNode b = node("sweep:");
				WsTestConnection ada = WsTestConnection.connect(a.uri("/rooms/s?user=ada"))) {
			welcome(ada);
			String ghostNode = "ghost.1";
			String ghostId = ghostNode + "-1";
			redis.commands().hset("sweep:conn:" + ghostId,
					Map.of("node", ghostNode, "user", "casper", "endpoint", "/rooms/{room}", "vars", "room=s", "query",
							"user=casper"));
			redis.commands().sadd("sweep:conn:" + ghostId + ":rooms", "s");
			redis.commands().zadd("sweep:room:s", 0, ghostId + "\ncasper");
			redis.commands().sadd("sweep:node:" + ghostNode, ghostId);
			redis.commands().sadd("sweep:nodes", ghostNode);

			assertThat(ada.awaitType("left").get("data").get("id").asString()).isEqualTo(ghostId);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(redis.commands().smembers("sweep:nodes")).doesNotContain(ghostNode));
			assertThat(redis.roomMembers("sweep:room:s")).doesNotContain(ghostId);
			assertThat(redis.commands().exists("sweep:conn:" + ghostId)).isZero();
			ada.request("echo", Map.of("sync", 1), "sync");
			assertThat(ada.received()).noneMatch((message) -> message.toString().contains(ghostId));
			assertThat(a.bean(WebSocketMessenger.class).sendTo(ghostId, "boo")).isFalse();
		}
	}


	/**
	 * Lettuce sends every command of a node over one shared connection, in order. A burst
	 * of the node's own commands (the registrations of thousands of handshakes at once)
	 * queues there, and a liveness refresh queued behind it lapsed the node's key: the
	 * other node swept it while it was alive. Here the shared connection is held by a
	 * blocking command for three node TTLs: the liveness key must never lapse, and
	 * nobody may sweep the node.
	 */
	@Test
	void aNodeStaysAliveWhileItsSharedRedisConnectionIsBusy() throws Exception {
		try (WsCluster.InProcessNode a = node("busy:"); WsCluster.InProcessNode b = node("busy:");
				WsTestConnection ada = WsTestConnection.connect(a.uri("/rooms/q?user=ada"));
				WsTestConnection bob = WsTestConnection.connect(b.uri("/rooms/q?user=bob"))) {
			String adaId = welcome(ada);
			welcome(bob);
			String nodeA = a.context().getBean(RedisConnectionRegistry.class).nodeId();
			String alive = "busy:alive:" + nodeA;
			await().atMost(Duration.ofSeconds(5)).until(() -> redis.commands().pttl(alive) > 0);
			try (RedisConnection shared = a.context().getBean(RedisConnectionFactory.class).getConnection()) {
				@SuppressWarnings("unchecked")
				RedisFuture<?> blocked = ((RedisAsyncCommands<byte[], byte[]>) shared.getNativeConnection()).blpop(3,
						"busy:nothing".getBytes(StandardCharsets.UTF_8));
				long lapses = 0;
				long samples = 0;
				while (!blocked.isDone()) {
					samples++;
					if (redis.commands().pttl(alive) <= 0) {
						lapses++;
					}
					Thread.sleep(20);
				}
				assertThat(samples).as("samples while the shared connection was blocked").isGreaterThan(50);
				assertThat(lapses).as("samples in which the liveness key had lapsed").isZero();
			}
			assertThat(redis.commands().smembers("busy:nodes")).contains(nodeA);
			assertThat(redis.commands().smembers("busy:node:" + nodeA)).contains(adaId);
			bob.request("echo", Map.of("sync", 1), "sync");
			assertThat(bob.received()).noneMatch((message) -> message.toString().contains("\"left\""));
		}
	}

	@Test
	void aNodeHasMembersInAtMostItsCapOfRoomsAndSoThatManySubscriptions() {
		try (WsCluster.InProcessNode a = node("roomcap:", "--ws.limits.max-rooms=3");
				WsTestConnection ada = WsTestConnection.connect(a.uri("/rooms/c1?user=ada"))) {
			welcome(ada);
			assertThat(ada.request("join", Map.of("text", "c2"), "j2").asBoolean()).isTrue();
			assertThat(ada.request("join", Map.of("text", "c3"), "j3").asBoolean()).isTrue();
			ada.sendEnvelope("join", Map.of("text", "c4"), "j4");
			assertThat(ada.awaitError("limit_exceeded").get("message").asString())
				.isEqualTo("Too many rooms on this server");
			assertThat(redis.commands().exists("roomcap:room:c4")).isZero();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(redis.commands().pubsubChannels("roomcap:ch:room:*")).hasSize(3));
		}
	}

}
