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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.wsboot.it.TestEndpointsApplication;
import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.Member;
import dev.wsboot.registry.redis.ClusterMessage.Kind;
import dev.wsboot.test.RedisServer;
import dev.wsboot.test.WsCluster;
import dev.wsboot.test.WsTestConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Applications that share one Redis: each is a cluster of its own by default, a node
 * reads only its own cluster's messages, and with {@code ws.registry.redis.secret} nobody
 * without the secret can publish a message a node acts on, nor replay one.
 */
class ClusterIsolationIntegrationTests {

	private static final String SECRET = "a shared secret of the chat cluster, 48 bytes long";

	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(TestEndpointsApplication.class);

	/** The cluster's Redis, for the probes. */
	static final RedisServer redis = cluster.redis();

	/** Two nodes of the application "chat", which signs its messages. */
	static WsCluster.InProcessNode chatA;

	static WsCluster.InProcessNode chatB;

	/** A node of the application "other" on the defaults: unsigned. */
	static WsCluster.InProcessNode other;

	/** A node of another cluster that was given chat's key prefix by mistake. */
	static WsCluster.InProcessNode intruder;

	static RedisClient client;

	static StatefulRedisConnection<byte[], byte[]> binary;

	@BeforeAll
	static void startNodes() {
		String[] fast = { "--ws.registry.redis.liveness-interval=200ms", "--ws.registry.redis.node-ttl=1s" };
		chatA = cluster.startInProcess(with(fast, "--spring.application.name=chat",
				"--ws.registry.redis.secret=" + SECRET));
		chatB = cluster.startInProcess(with(fast, "--spring.application.name=chat",
				"--ws.registry.redis.secret=" + SECRET));
		other = cluster.startInProcess(with(fast, "--spring.application.name=other"));
		intruder = cluster.startInProcess(with(fast,
				"--spring.application.name=intruder", "--ws.registry.redis.key-prefix=ws:chat:"));
		client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
		binary = client.connect(ByteArrayCodec.INSTANCE);
	}

	private static String[] with(String[] base, String... more) {
		return java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more))
			.toArray(String[]::new);
	}

	@AfterAll
	static void stopNodes() {
		if (client != null) {
			client.shutdown();
		}
		for (WsCluster.InProcessNode node : new WsCluster.InProcessNode[] { chatA, chatB, other, intruder }) {
			if (node != null) {
				node.close();
			}
		}
	}

	private static Joined join(WsCluster.InProcessNode node, String room, String user) {
		WsTestConnection ws = WsTestConnection.connect(node.uri("/rooms/" + room + "?user=" + user));
		return new Joined(ws, ws.awaitType("welcome").get("data").get("id").asString());
	}

	private static RedisConnectionRegistry registry(WsCluster.InProcessNode node) {
		return (RedisConnectionRegistry) node.bean(ConnectionRegistry.class);
	}

	private static void awaitSubscribers(String channel, int subscribers) {
		await().atMost(Duration.ofSeconds(10)).until(() -> redis.subscribers(channel) == subscribers);
	}

	private static long count(WsTestConnection client, String text) {
		return client.received().stream().filter((message) -> message.toString().contains(text)).count();
	}

	@Test
	void twoApplicationsOnOneRedisAreTwoClustersByDefault() {
		try (Joined ada = join(chatA, "lobby", "ada"); Joined olga = join(other, "lobby", "olga")) {
			other.bean(WebSocketMessenger.class).sendToRoom("lobby", Event.of("notice", "for other's lobby"));
			assertThat(olga.client().awaitType("notice").get("data").asString()).isEqualTo("for other's lobby");
			chatA.bean(WebSocketMessenger.class).sendToRoom("lobby", Event.of("notice", "for chat's lobby"));
			assertThat(ada.client().awaitType("notice").get("data").asString()).isEqualTo("for chat's lobby");
			ada.client().request("echo", "sync", "sync");
			olga.client().request("echo", "sync", "sync");
			assertThat(count(ada.client(), "for other's lobby")).isZero();
			assertThat(count(olga.client(), "for chat's lobby")).isZero();
			assertThat(chatA.bean(WebSocketMessenger.class).members("lobby")).extracting(Member::user).containsExactly("ada");
			assertThat(other.bean(WebSocketMessenger.class).members("lobby")).extracting(Member::user).containsExactly("olga");
			assertThat(redis.commands().keys("ws:chat:room:lobby")).hasSize(1);
			assertThat(redis.commands().keys("ws:other:room:lobby")).hasSize(1);
		}
	}

	@Test
	void aNodeOfAnotherClusterUnderTheSamePrefixIsNotHeard() {
		try (Joined ada = join(chatA, "shared", "ada")) {
			long rejected = registry(chatA).rejectedMessageCount();
			intruder.bean(WebSocketMessenger.class).sendToRoom("shared", Event.of("notice", "from the intruder"));
			await().atMost(Duration.ofSeconds(10)).until(() -> registry(chatA).rejectedMessageCount() > rejected);
			ada.client().request("echo", "sync", "sync");
			assertThat(count(ada.client(), "from the intruder")).isZero();
		}
	}

	@Test
	void signedMessagesReachEveryNodeOfTheCluster() {
		try (Joined ada = join(chatA, "signed", "ada"); Joined bob = join(chatB, "signed", "bob")) {
			awaitSubscribers("ws:chat:ch:room:signed", 2);
			chatA.bean(WebSocketMessenger.class).sendToRoom("signed", Event.of("notice", "signed hello"));
			assertThat(bob.client().awaitType("notice").get("data").asString()).isEqualTo("signed hello");
			assertThat(chatB.bean(WebSocketMessenger.class).sendTo(ada.id(), Event.of("direct", "signed direct"))).isTrue();
			assertThat(ada.client().awaitType("direct").get("data").asString()).isEqualTo("signed direct");
			chatB.bean(ConnectionRegistry.class).close(ada.id(), new org.springframework.web.socket.CloseStatus(4000, "closed by chatB"));
			assertThat(ada.client().awaitClose()).isEqualTo(4000);
		}
	}

	@Test
	void withoutASecretAnyoneWhoCanPublishClosesAConnection() {
		try (Joined olga = join(other, "open", "olga")) {
			byte[] forged = new ClusterCodec("other", null, null, Duration.ofSeconds(30), System::currentTimeMillis)
				.encode(ClusterMessage.control(Kind.CLOSE, "attacker", olga.id(), "4001"));
			binary.sync().publish(bytes("ws:other:ch:node:" + registry(other).nodeId()), forged);
			assertThat(olga.client().awaitClose()).isEqualTo(4001);
		}
	}

	@Test
	void withASecretForgedMessagesAreIgnored() {
		try (Joined bob = join(chatB, "guarded", "bob")) {
			String channel = "ws:chat:ch:node:" + registry(chatB).nodeId();
			ClusterMessage close = ClusterMessage.control(Kind.CLOSE, "attacker", bob.id(), "4001");
			ClusterMessage send = ClusterMessage.delivery(Kind.CONNECTION, "attacker", bob.id(), List.of(),
					OutboundMessage.text("{\"type\":\"forged\"}"));
			long rejected = registry(chatB).rejectedMessageCount();
			for (ClusterCodec forger : List.of(
					new ClusterCodec("chat", null, null, Duration.ofSeconds(30), System::currentTimeMillis),
					new ClusterCodec("chat", bytes("not the secret, but long enough to be one"), null,
							Duration.ofSeconds(30), System::currentTimeMillis))) {
				binary.sync().publish(bytes(channel), forger.encode(close));
				binary.sync().publish(bytes(channel), forger.encode(send));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> registry(chatB).rejectedMessageCount() >= rejected + 4);
			assertThat(bob.client().request("echo", "still here", "e").asString()).isEqualTo("still here");
			assertThat(bob.client().isClosed()).isFalse();
			assertThat(count(bob.client(), "forged")).isZero();
		}
	}

	@Test
	void aCapturedSignedMessagePublishedAgainIsNotDeliveredAgain() throws Exception {
		String channel = "ws:chat:ch:room:replay";
		BlockingQueue<byte[]> captured = new LinkedBlockingQueue<>();
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = client.connectPubSub(ByteArrayCodec.INSTANCE);
		subscriber.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(byte[] ch, byte[] message) {
				captured.add(message);
			}

		});
		subscriber.sync().subscribe(bytes(channel));
		try (Joined ada = join(chatA, "replay", "ada"); Joined bob = join(chatB, "replay", "bob")) {
			awaitSubscribers(channel, 3);
			bob.client().request("echo", "sync", "sync");
			captured.clear();
			chatA.bean(WebSocketMessenger.class).sendToRoom("replay", Event.of("notice", "pay bob 10"));
			assertThat(bob.client().awaitType("notice").get("data").asString()).isEqualTo("pay bob 10");
			byte[] message = captured.poll(10, TimeUnit.SECONDS);
			assertThat(message).isNotNull();
			assertThat(new String(message, java.nio.charset.StandardCharsets.UTF_8)).contains("pay bob 10");
			long rejected = registry(chatB).rejectedMessageCount();
			for (int i = 0; i < 3; i++) {
				binary.sync().publish(bytes(channel), message);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> registry(chatB).rejectedMessageCount() >= rejected + 3);
			bob.client().request("echo", "sync", "sync");
			// the one delivery was taken by awaitType above: no other copy arrived
			assertThat(count(bob.client(), "pay bob 10")).isZero();
		}
		finally {
			subscriber.close();
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	record Joined(WsTestConnection client, String id) implements AutoCloseable {

		@Override
		public void close() {
			this.client.close();
		}

	}

}
