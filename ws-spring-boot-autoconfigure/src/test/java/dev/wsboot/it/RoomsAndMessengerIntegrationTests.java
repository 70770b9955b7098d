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
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.registry.Member;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rooms, broadcasts and the messenger used from outside any handler.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class RoomsAndMessengerIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Autowired
	RoomEndpoint endpoint;

	private Joined join(String room, String user) {
		return join(room, user, Map.of());
	}

	/** Join as an authenticated user: the principal is the user. */
	private Joined joinAs(String room, String user) {
		return join(room, user, Map.of("X-Test-User", user));
	}

	private Joined join(String room, String user, Map<String, String> headers) {
		WsTestConnection client = WsTestConnection
			.connect("ws://localhost:" + this.port + "/rooms/" + room + "?user=" + user, headers);
		String id = client.awaitType("welcome").get("data").get("id").asString();
		return new Joined(client, id);
	}

	@Test
	void sendToRoomReachesEveryMemberIncludingTheSender() {
		try (Joined ada = join("all", "ada"); Joined bob = join("all", "bob"); Joined eve = join("other", "eve")) {
			ada.client().sendEnvelope("say", Map.of("text", "hi all"), "s1");
			ada.client().awaitReply("s1");
			assertThat(ada.client().awaitType("message").get("data").get("text").asString()).isEqualTo("hi all");
			assertThat(bob.client().awaitType("message").get("data").get("text").asString()).isEqualTo("hi all");
			eve.client().request("echo", Map.of("sync", 1), "sync");
			assertThat(eve.client().received()).noneMatch((message) -> message.toString().contains("hi all"));
		}
	}

	@Test
	void broadcastExcludesTheSender() {
		try (Joined ada = join("shout", "ada"); Joined bob = join("shout", "bob")) {
			ada.client().awaitType("joined");
			ada.client().sendEnvelope("shout", Map.of("text", "HEY"), null);
			assertThat(bob.client().awaitType("shout").get("data").get("text").asString()).isEqualTo("HEY");
			ada.client().request("echo", Map.of("sync", 1), "sync");
			assertThat(ada.client().received()).noneMatch((message) -> message.toString().contains("HEY"));
		}
	}

	@Test
	void othersInTheRoomHearOfAJoin() {
		try (Joined ada = join("hello", "ada"); Joined bob = join("hello", "bob")) {
			JsonNode joined = ada.client().awaitType("joined").get("data");
			assertThat(joined.get("user").asString()).isEqualTo("bob");
			assertThat(joined.get("id").asString()).isEqualTo(bob.id());
		}
	}

	@Test
	void joinAndLeaveChangeMembership() {
		try (Joined ada = join("home", "ada")) {
			assertThat(ada.client().request("join", Map.of("text", "extra"), "j1").asBoolean()).isTrue();
			assertThat(ada.client().request("join", Map.of("text", "extra"), "j2").asBoolean()).isFalse();
			String rooms = ada.client().request("rooms", null, "r1").toString();
			assertThat(rooms).contains("\"home\"").contains("\"extra\"");
			assertThat(this.messenger.members("extra")).containsExactly(new Member(ada.id(), "ada"));
			assertThat(this.messenger.rooms()).contains("home").contains("extra");
			assertThat(ada.client().request("leave", Map.of("text", "extra"), "l1").asBoolean()).isTrue();
			assertThat(ada.client().request("leave", Map.of("text", "extra"), "l2").asBoolean()).isFalse();
			assertThat(this.messenger.count("extra")).isZero();
			assertThat(this.messenger.rooms()).doesNotContain("extra");
		}
	}

	@Test
	void messengerSendsToOneConnectionAndReportsAGoneOne() {
		Joined ada = join("direct", "ada");
		assertThat(this.messenger.sendTo(ada.id(), Event.of("direct", "for ada"))).isTrue();
		assertThat(ada.client().awaitType("direct").get("data").asString()).isEqualTo("for ada");
		ada.client().close();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.messenger.isConnected(ada.id()));
		assertThat(this.messenger.sendTo(ada.id(), Event.of("direct", "too late"))).isFalse();
		assertThat(this.messenger.sendTo("no-such-id", "x")).isFalse();
	}

	@Test
	void messengerSendsToARoomExceptSomeConnections() {
		try (Joined ada = join("except", "ada"); Joined bob = join("except", "bob"); Joined cy = join("except", "cy")) {
			this.messenger.sendToRoom("except", Event.of("notice", "not for bob"), Set.of(bob.id()));
			assertThat(ada.client().awaitType("notice").get("data").asString()).isEqualTo("not for bob");
			assertThat(cy.client().awaitType("notice").get("data").asString()).isEqualTo("not for bob");
			bob.client().request("echo", Map.of("sync", 1), "sync");
			assertThat(bob.client().received()).noneMatch((message) -> message.toString().contains("not for bob"));
			assertThat(this.messenger.count("except")).isEqualTo(3);
			assertThat(this.messenger.members("except")).extracting(Member::user)
				.containsExactlyInAnyOrder("ada", "bob", "cy");
		}
	}

	@Test
	void messengerSendsToEveryConnectionOfAUser() {
		try (Joined phone = joinAs("u1", "zoe"); Joined laptop = joinAs("u2", "zoe");
				Joined other = joinAs("u1", "yan")) {
			this.messenger.sendToUser("zoe", Event.of("personal", "hi zoe"));
			assertThat(phone.client().awaitType("personal").get("data").asString()).isEqualTo("hi zoe");
			assertThat(laptop.client().awaitType("personal").get("data").asString()).isEqualTo("hi zoe");
			other.client().request("echo", Map.of("sync", 1), "sync");
			assertThat(other.client().received()).noneMatch((message) -> message.toString().contains("hi zoe"));
		}
	}

	@Test
	void messengerSendsToEveryone() {
		try (Joined ada = join("e1", "ada"); Joined bob = join("e2", "bob")) {
			this.messenger.sendToAll(Event.of("announcement", "maintenance"));
			assertThat(ada.client().awaitType("announcement").get("data").asString()).isEqualTo("maintenance");
			assertThat(bob.client().awaitType("announcement").get("data").asString()).isEqualTo("maintenance");
		}
	}

	@Test
	void messengerMakesAConnectionJoinLeaveAndDisconnect() {
		try (Joined ada = join("start", "ada")) {
			assertThat(this.messenger.join(ada.id(), "vip")).isTrue();
			assertThat(this.messenger.members("vip")).extracting(Member::connectionId).containsExactly(ada.id());
			assertThat(this.messenger.leave(ada.id(), "vip")).isTrue();
			assertThat(this.messenger.join("gone-id", "vip")).isFalse();
			assertThat(this.messenger.disconnect(ada.id(), CloseStatus.GOING_AWAY)).isTrue();
			assertThat(ada.client().awaitClose()).isEqualTo(1001);
		}
	}

	@Test
	void disconnectLeavesEveryRoomBeforeOnDisconnectRuns() {
		Joined ada = join("bye", "ada");
		try (Joined bob = join("bye", "bob")) {
			ada.client().request("join", Map.of("text", "second"), "j");
			ada.client().close();
			JsonNode left = bob.client().awaitType("left").get("data");
			assertThat(left.get("id").asString()).isEqualTo(ada.id());
			RoomEndpoint.Disconnect disconnect = this.endpoint.disconnects.stream()
				.filter((candidate) -> candidate.id().equals(ada.id()))
				.findFirst()
				.orElseThrow();
			assertThat(disconnect.code()).isEqualTo(1000);
			assertThat(disconnect.rooms()).containsExactlyInAnyOrder("bye", "second");
			assertThat(disconnect.remainingMembers()).containsExactly(bob.id());
			assertThat(disconnect.open()).isFalse();
			assertThat(this.messenger.count("second")).isZero();
			assertThat(this.messenger.isConnected(ada.id())).isFalse();
		}
	}

	@Test
	void abruptlyDroppedClientIsCleanedUp() {
		Joined ada = join("drop", "ada");
		ada.client().abort();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.messenger.count("drop") == 0);
		assertThat(this.endpoint.disconnects).anyMatch((disconnect) -> disconnect.id().equals(ada.id()));
	}

	@Test
	void connectionIdsAreUnique() {
		try (Joined a = join("ids", "a"); Joined b = join("ids", "b")) {
			assertThat(a.id()).isNotEqualTo(b.id());
			assertThat(List.of(a.id(), b.id())).allMatch((id) -> id.matches("[a-z0-9]+-[a-z0-9]+"));
		}
	}

	record Joined(WsTestConnection client, String id) implements AutoCloseable {

		@Override
		public void close() {
			this.client.close();
		}

	}

}
