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
import java.util.Map;
import java.util.Set;

import dev.wsboot.it.TestEndpointsApplication;
import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.Member;
import dev.wsboot.registry.MemberPage;
import dev.wsboot.test.RedisServer;
import dev.wsboot.test.WsCluster;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes in this JVM sharing one real Redis: the same handler code serves rooms,
 * users and direct sends across all of them, at the cost per operation the design sets.
 */
class RedisClusterIntegrationTests {

	private static final String PREFIX = "cluster:";

	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(TestEndpointsApplication.class);

	/** The cluster's Redis, for the probes. */
	static final RedisServer redis = cluster.redis();

	static WsCluster.InProcessNode a;

	static WsCluster.InProcessNode b;

	static WsCluster.InProcessNode c;

	@BeforeAll
	static void startNodes() {
		String[] args = { "--ws.registry.redis.key-prefix=" + PREFIX, "--ws.registry.redis.liveness-interval=200ms",
				"--ws.registry.redis.node-ttl=1s" };
		a = cluster.startInProcess(args);
		b = cluster.startInProcess(args);
		c = cluster.startInProcess(args);
	}

	@AfterAll
	static void stopNodes() {
		for (WsCluster.InProcessNode node : new WsCluster.InProcessNode[] { a, b, c }) {
			if (node != null) {
				node.close();
			}
		}
	}

	private static Joined join(WsCluster.InProcessNode node, String room, String user) {
		return join(node, room, user, Map.of());
	}

	/** Join as an authenticated user: the principal is the user. */
	private static Joined joinAs(WsCluster.InProcessNode node, String room, String user) {
		return join(node, room, user, Map.of("X-Test-User", user));
	}

	private static Joined join(WsCluster.InProcessNode node, String room, String user, Map<String, String> headers) {
		WsTestConnection client = WsTestConnection.connect(node.uri("/rooms/" + room + "?user=" + user), headers);
		String id = client.awaitType("welcome").get("data").get("id").asString();
		return new Joined(client, id);
	}

	private static void awaitSubscribers(String room, int nodes) {
		await().atMost(Duration.ofSeconds(10)).until(() -> redis.subscribers(PREFIX + "ch:room:" + room) == nodes);
	}

	@Test
	void usesTheRedisRegistry() {
		assertThat(a.bean(ConnectionRegistry.class)).isInstanceOf(RedisConnectionRegistry.class);
		assertThat(((RedisConnectionRegistry) a.bean(ConnectionRegistry.class)).nodeId())
			.isNotEqualTo(((RedisConnectionRegistry) b.bean(ConnectionRegistry.class)).nodeId());
	}

	@Test
	void onlyTheQueryParametersTheEndpointBindsAreKeptInRedis() {
		WsTestConnection client = WsTestConnection.connect(a.uri("/rooms/query?user=ada&token=s3cr3t&limit=9"));
		try (Joined ada = new Joined(client, client.awaitType("welcome").get("data").get("id").asString())) {
			String query = redis.commands().hget(PREFIX + "conn:" + ada.id(), "query");
			assertThat(query).contains("user").contains("ada").contains("limit").contains("9")
				.doesNotContain("token")
				.doesNotContain("s3cr3t");
			assertThat(ada.client().request("echo", "still", "e").asString()).isEqualTo("still");
		}
	}

	@Test
	void aRoomNameThatIsNotValidUnicodeNeverReachesAnotherRoomsKey() {
		try (Joined ada = join(a, "names", "ada")) {
			// a lone surrogate, as a JSON escape: in UTF-8 it would have become "vip?"
			ada.client().send("{\"action\":\"join\",\"data\":{\"text\":\"vip\\ud800\"},\"id\":\"v\"}");
			assertThat(ada.client().awaitError("bad_request").get("message").asString())
				.isEqualTo("Room name must be valid Unicode");
			assertThat(redis.commands().exists(PREFIX + "room:vip?")).isZero();
			assertThat(redis.commands().smembers(PREFIX + "conn:" + ada.id() + ":rooms")).containsExactly("names");
		}
	}

	@Test
	void broadcastReachesMembersOnEveryNodeWithAndWithoutTheSender() {
		try (Joined ada = join(a, "x", "ada"); Joined bob = join(b, "x", "bob"); Joined cy = join(c, "x", "cy")) {
			awaitSubscribers("x", 3);
			ada.client().sendEnvelope("say", Map.of("text", "hello all"), "s1");
			ada.client().awaitReply("s1");
			for (Joined member : List.of(ada, bob, cy)) {
				assertThat(member.client().awaitType("message").get("data").get("text").asString())
					.isEqualTo("hello all");
			}
			ada.client().sendEnvelope("shout", Map.of("text", "LOUD"), null);
			assertThat(bob.client().awaitType("shout").get("data").get("text").asString()).isEqualTo("LOUD");
			assertThat(cy.client().awaitType("shout").get("data").get("text").asString()).isEqualTo("LOUD");
			ada.client().request("echo", Map.of("sync", 1), "sync");
			assertThat(ada.client().received()).noneMatch((message) -> message.toString().contains("LOUD"))
				.noneMatch((message) -> message.toString().contains("hello all"));
		}
	}

	@Test
	void localMembersOfThePublishingNodeGetExactlyOneCopy() {
		try (Joined ada = join(a, "once", "ada"); Joined al = join(a, "once", "al"); Joined bob = join(b, "once", "bob")) {
			awaitSubscribers("once", 2);
			for (int i = 0; i < 5; i++) {
				a.bean(WebSocketMessenger.class).sendToRoom("once", Event.of("tick", i));
			}
			for (Joined member : List.of(ada, al, bob)) {
				for (int i = 0; i < 5; i++) {
					assertThat(member.client().awaitType("tick").get("data").asInt()).isEqualTo(i);
				}
				member.client().request("echo", Map.of("sync", 1), "sync");
				assertThat(member.client().received()).noneMatch((message) -> message.toString().contains("tick"));
			}
		}
	}

	@Test
	void messagesFromOneSenderArriveInOrderOnOtherNodes() {
		try (Joined ada = join(a, "order", "ada"); Joined bob = join(b, "order", "bob")) {
			awaitSubscribers("order", 2);
			for (int i = 0; i < 300; i++) {
				a.bean(WebSocketMessenger.class).sendToRoom("order", Event.of("n", i));
			}
			for (int i = 0; i < 300; i++) {
				assertThat(bob.client().awaitType("n").get("data").asInt()).isEqualTo(i);
			}
		}
	}

	@Test
	void broadcastExcludesConnectionsOnOtherNodes() {
		try (Joined ada = join(a, "ex", "ada"); Joined bob = join(b, "ex", "bob"); Joined cy = join(c, "ex", "cy")) {
			awaitSubscribers("ex", 3);
			b.bean(WebSocketMessenger.class).sendToRoom("ex", Event.of("notice", "not for ada or bob"), Set.of(ada.id(), bob.id()));
			assertThat(cy.client().awaitType("notice").get("data").asString()).isEqualTo("not for ada or bob");
			ada.client().request("echo", Map.of("sync", 1), "sync");
			bob.client().request("echo", Map.of("sync", 1), "sync");
			assertThat(ada.client().received()).noneMatch((message) -> message.toString().contains("notice"));
			assertThat(bob.client().received()).noneMatch((message) -> message.toString().contains("notice"));
		}
	}

	@Test
	void directSendReachesAConnectionOnAnotherNodeAndReportsGoneIds() {
		Joined cy = join(c, "direct", "cy");
		assertThat(a.bean(WebSocketMessenger.class).sendTo(cy.id(), Event.of("direct", "for cy"))).isTrue();
		assertThat(cy.client().awaitType("direct").get("data").asString()).isEqualTo("for cy");
		assertThat(a.bean(WebSocketMessenger.class).isConnected(cy.id())).isTrue();
		cy.client().close();
		await().atMost(Duration.ofSeconds(10)).until(() -> !a.bean(WebSocketMessenger.class).isConnected(cy.id()));
		assertThat(a.bean(WebSocketMessenger.class).sendTo(cy.id(), "too late")).isFalse();
		assertThat(a.bean(WebSocketMessenger.class).sendTo("nosuchnode-1", "nobody")).isFalse();
	}

	@Test
	void userSendReachesTheUsersConnectionsOnSeveralNodes() {
		try (Joined phone = joinAs(a, "u1", "zoe"); Joined laptop = joinAs(c, "u2", "zoe");
				Joined other = joinAs(c, "u2", "yan")) {
			b.bean(WebSocketMessenger.class).sendToUser("zoe", Event.of("personal", "hi zoe"));
			assertThat(phone.client().awaitType("personal").get("data").asString()).isEqualTo("hi zoe");
			assertThat(laptop.client().awaitType("personal").get("data").asString()).isEqualTo("hi zoe");
			other.client().request("echo", Map.of("sync", 1), "sync");
			assertThat(other.client().received()).noneMatch((message) -> message.toString().contains("hi zoe"));
		}
	}

	@Test
	void sendToAllReachesEveryNode() {
		try (Joined ada = join(a, "all1", "ada"); Joined cy = join(c, "all2", "cy")) {
			b.bean(WebSocketMessenger.class).sendToAll(Event.of("announcement", "maintenance"));
			assertThat(ada.client().awaitType("announcement").get("data").asString()).isEqualTo("maintenance");
			assertThat(cy.client().awaitType("announcement").get("data").asString()).isEqualTo("maintenance");
		}
	}

	@Test
	void anotherNodeMakesAConnectionJoinLeaveAndDisconnect() {
		try (Joined bob = join(b, "home", "bob")) {
			assertThat(a.bean(WebSocketMessenger.class).join(bob.id(), "extra")).isTrue();
			assertThat(a.bean(WebSocketMessenger.class).join(bob.id(), "extra")).isFalse();
			assertThat(c.bean(WebSocketMessenger.class).members("extra")).containsExactly(new Member(bob.id(), "bob"));
			awaitSubscribers("extra", 1);
			c.bean(WebSocketMessenger.class).sendToRoom("extra", Event.of("extra", "welcome"));
			assertThat(bob.client().awaitType("extra").get("data").asString()).isEqualTo("welcome");
			assertThat(bob.client().request("rooms", null, "r").toString()).contains("extra");
			assertThat(a.bean(WebSocketMessenger.class).leave(bob.id(), "extra")).isTrue();
			assertThat(c.bean(WebSocketMessenger.class).count("extra")).isZero();
			awaitSubscribers("extra", 0);
			assertThat(a.bean(WebSocketMessenger.class).disconnect(bob.id(), CloseStatus.GOING_AWAY)).isTrue();
			assertThat(bob.client().awaitClose()).isEqualTo(1001);
			await().atMost(Duration.ofSeconds(10)).until(() -> !c.bean(WebSocketMessenger.class).isConnected(bob.id()));
			assertThat(a.bean(WebSocketMessenger.class).join(bob.id(), "extra")).isFalse();
			assertThat(a.bean(WebSocketMessenger.class).disconnect(bob.id(), CloseStatus.NORMAL)).isFalse();
		}
	}

	@Test
	void membershipQueriesSpanTheCluster() {
		try (Joined ada = join(a, "q", "ada"); Joined bob = join(b, "q", "bob"); Joined cy = join(c, "q", "cy")) {
			for (WsCluster.InProcessNode node : List.of(a, b, c)) {
				assertThat(node.bean(WebSocketMessenger.class).count("q")).isEqualTo(3);
				assertThat(node.bean(WebSocketMessenger.class).members("q")).extracting(Member::user)
					.containsExactlyInAnyOrder("ada", "bob", "cy");
				assertThat(node.bean(WebSocketMessenger.class).rooms()).contains("q");
			}
			assertThat(redis.roomMembers(PREFIX + "room:q")).containsExactlyInAnyOrder(ada.id(), bob.id(),
					cy.id());
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> a.bean(WebSocketMessenger.class).count("q") == 0);
		assertThat(a.bean(WebSocketMessenger.class).rooms()).doesNotContain("q");
		assertThat(redis.commands().exists(PREFIX + "room:q")).isZero();
	}

	@Test
	void membersComeInPagesWithTheirNamesAtACostInProportionToThePage() {
		int size = 5_000;
		List<String> ids = new java.util.ArrayList<>();
		for (int i = 0; i < size; i++) {
			String id = b.bean(ConnectionRegistry.class).nextConnectionId();
			b.bean(ConnectionRegistry.class).register(new Silent(id, "u" + i));
			b.bean(ConnectionRegistry.class).join(id, "crowd");
			ids.add(id);
		}
		try {
			long hgets = redis.calls("hget");
			long ranges = redis.calls("zrangebylex");
			MemberPage first = a.bean(WebSocketMessenger.class).members("crowd", null, 100);
			assertThat(first.members()).hasSize(100);
			assertThat(first.members()).allSatisfy((member) -> assertThat(member.user()).startsWith("u"));
			// one range read for the page, and no lookup per member
			assertThat(redis.calls("zrangebylex") - ranges).isOne();
			assertThat(redis.calls("hget") - hgets).isZero();

			List<String> seen = new java.util.ArrayList<>();
			String after = null;
			do {
				MemberPage page = c.bean(WebSocketMessenger.class).members("crowd", after, 1000);
				page.members().forEach((member) -> seen.add(member.connectionId()));
				after = page.next();
			}
			while (after != null);
			assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
			assertThat(a.bean(WebSocketMessenger.class).count("crowd")).isEqualTo(size);

			// a new name shows in the room at once
			b.bean(ConnectionRegistry.class).setUser(ids.get(0), "renamed");
			assertThat(a.bean(WebSocketMessenger.class).members("crowd")).filteredOn((member) -> member.connectionId().equals(ids.get(0)))
				.extracting(Member::user)
				.containsExactly("renamed");
		}
		finally {
			ids.forEach((id) -> b.bean(ConnectionRegistry.class).unregister(id));
		}
		assertThat(redis.commands().exists(PREFIX + "room:crowd")).isZero();
	}

	/** A connection that takes messages and drops them, to fill a room without sockets. */
	record Silent(String id, String user) implements dev.wsboot.registry.RegisteredConnection {

		@Override
		public void deliver(dev.wsboot.protocol.OutboundMessage message) {
		}

		@Override
		public void close(CloseStatus status) {
		}

	}

	@Test
	void aRoomBroadcastIsOnePublishWhateverTheRoomSize() {
		List<Joined> members = new java.util.ArrayList<>();
		try {
			for (int i = 0; i < 12; i++) {
				members.add(join(List.of(a, b, c).get(i % 3), "big", "m" + i));
			}
			awaitSubscribers("big", 3);
			long before = redis.calls("publish");
			b.bean(WebSocketMessenger.class).sendToRoom("big", Event.of("big", "one publish"));
			for (Joined member : members) {
				assertThat(member.client().awaitType("big").get("data").asString()).isEqualTo("one publish");
			}
			assertThat(redis.calls("publish") - before).isEqualTo(1);
		}
		finally {
			members.forEach(Joined::close);
		}
	}

	@Test
	void aNodeSubscribesToARoomOnlyWhileItHasLocalMembers() {
		Joined ada = join(a, "sub", "ada");
		awaitSubscribers("sub", 1);
		RedisConnectionRegistry registryA = (RedisConnectionRegistry) a.bean(ConnectionRegistry.class);
		RedisConnectionRegistry registryB = (RedisConnectionRegistry) b.bean(ConnectionRegistry.class);
		await().until(() -> registryA.subscribedRooms().contains("sub"));
		assertThat(registryB.subscribedRooms()).doesNotContain("sub");
		Joined bob = join(b, "sub", "bob");
		awaitSubscribers("sub", 2);
		ada.client().close();
		awaitSubscribers("sub", 1);
		await().until(() -> !registryA.subscribedRooms().contains("sub"));
		bob.client().close();
		awaitSubscribers("sub", 0);
	}

	@Test
	void aDirectSendIsOnePublishToTheOwningNodeOnly() {
		try (Joined cy = join(c, "one", "cy")) {
			String ownerChannel = PREFIX + "ch:node:" + ((RedisConnectionRegistry) c.bean(ConnectionRegistry.class)).nodeId();
			assertThat(redis.subscribers(ownerChannel)).isEqualTo(1);
			long before = redis.calls("publish");
			assertThat(a.bean(WebSocketMessenger.class).sendTo(cy.id(), "just you")).isTrue();
			assertThat(cy.client().awaitText("just you"::equals)).isEqualTo("just you");
			assertThat(redis.calls("publish") - before).isEqualTo(1);
		}
	}

	@Test
	void exoticTextCrossesNodesUnchanged() {
		List<String> corpus = List.of("😀 four-byte emoji", "👩‍👩‍👧 zwj family", "a\u0301 combining", "\u200f rtl mark",
				"nul \u0000 and \uffff", "\ufeff bom", "中文 日本語 한국어");
		try (Joined ada = join(a, "utf", "ada"); Joined bob = join(b, "utf", "bob")) {
			awaitSubscribers("utf", 2);
			for (String text : corpus) {
				a.bean(WebSocketMessenger.class).sendToRoom("utf", text);
			}
			for (String text : corpus) {
				assertThat(bob.client().awaitText((received) -> !received.startsWith("{"))).isEqualTo(text);
			}
		}
	}

	@Test
	void concurrentJoinsThroughSeveralNodesFillARoomExactlyToItsLimit() throws Exception {
		a.bean(WebSocketMessenger.class).setRoomLimit("arena", 10);
		List<Joined> clients = new java.util.ArrayList<>();
		java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(30);
		try {
			for (int i = 0; i < 30; i++) {
				clients.add(join(List.of(a, b, c).get(i % 3), "lobby" + i, "p" + i));
			}
			java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
			List<java.util.concurrent.Future<String>> outcomes = new java.util.ArrayList<>();
			for (Joined client : clients) {
				outcomes.add(executor.submit(() -> {
					start.await();
					client.client().sendEnvelope("join", Map.of("text", "arena"), "arena");
					return client.client()
						.awaitJson((json) -> "arena".equals(json.path("replyTo").asString(null))
								|| "arena".equals(json.path("id").asString(null)), "the join's outcome")
						.toString();
				}));
			}
			start.countDown();
			int joined = 0;
			int full = 0;
			for (java.util.concurrent.Future<String> outcome : outcomes) {
				String answer = outcome.get(30, java.util.concurrent.TimeUnit.SECONDS);
				if (answer.contains("\"data\":true")) {
					joined++;
				}
				else if (answer.contains("room_full")) {
					full++;
				}
			}
			assertThat(joined).isEqualTo(10);
			assertThat(full).isEqualTo(20);
			assertThat(redis.commands().zcard(PREFIX + "room:arena")).isEqualTo(10);
			assertThat(b.bean(WebSocketMessenger.class).count("arena")).isEqualTo(10);
			String member = a.bean(WebSocketMessenger.class).members("arena").get(0).connectionId();
			String outsider = clients.stream()
				.map(Joined::id)
				.filter((id) -> a.bean(WebSocketMessenger.class).members("arena").stream().noneMatch((m) -> m.connectionId().equals(id)))
				.findFirst()
				.orElseThrow();
			assertThat(c.bean(WebSocketMessenger.class).leave(member, "arena")).isTrue();
			assertThat(b.bean(WebSocketMessenger.class).join(outsider, "arena")).isTrue();
			assertThat(redis.commands().zcard(PREFIX + "room:arena")).isEqualTo(10);
		}
		finally {
			executor.shutdownNow();
			clients.forEach(Joined::close);
			a.bean(WebSocketMessenger.class).setRoomLimit("arena", 0);
		}
	}

	@Test
	void garbageOnAChannelIsIgnored() {
		try (Joined ada = join(a, "junk", "ada"); Joined bob = join(b, "junk", "bob")) {
			awaitSubscribers("junk", 2);
			redis.commands().publish(PREFIX + "ch:room:junk", "not a cluster message");
			redis.commands().publish(PREFIX + "ch:all", "");
			b.bean(WebSocketMessenger.class).sendToRoom("junk", Event.of("after", "junk"));
			assertThat(ada.client().awaitType("after").get("data").asString()).isEqualTo("junk");
			assertThat(bob.client().awaitType("after").get("data").asString()).isEqualTo("junk");
		}
	}

	record Joined(WsTestConnection client, String id) implements AutoCloseable {

		@Override
		public void close() {
			this.client.close();
		}

	}

}
