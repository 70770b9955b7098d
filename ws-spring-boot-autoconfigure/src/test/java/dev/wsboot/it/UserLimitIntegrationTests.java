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

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.Member;
import dev.wsboot.test.RawHandshake;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-user connection limit: refused at the handshake with 429 when the principal is
 * known, closed with 1013 when the endpoint names the user in {@code @OnConnect}.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "ws.limits.max-connections-per-user=2")
@Import(PrincipalFromHeader.class)
class UserLimitIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Autowired
	ConnectionRegistry registry;

	private WsTestConnection connect(String room, String user) {
		return WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/" + room + "?user=" + user);
	}

	@Test
	void aThirdConnectionOfAUserNamedInOnConnectIsClosedWith1013() {
		try (WsTestConnection one = connect("u1", "zoe"); WsTestConnection two = connect("u2", "zoe")) {
			one.awaitType("welcome");
			two.awaitType("welcome");
			try (WsTestConnection three = connect("u3", "zoe")) {
				WsTestConnection.Close close = three.awaitCloseStatus();
				assertThat(close.code()).isEqualTo(1013);
				assertThat(close.reason()).isEqualTo("Too many connections for this user");
			}
			try (WsTestConnection other = connect("u3", "yan")) {
				other.awaitType("welcome");
			}
			one.close();
			org.awaitility.Awaitility.await().untilAsserted(() -> {
				try (WsTestConnection again = connect("u4", "zoe")) {
					assertThat(again.awaitJson((json) -> true, "a first message").path("type").asString(""))
						.isEqualTo("welcome");
				}
			});
		}
	}

	@Test
	void aHandshakeWhosePrincipalIsAtTheLimitGets429() throws IOException {
		String principal = "X-Test-User: pat";
		try (var one = RawHandshake.open(this.port, "/strict", principal);
				var two = RawHandshake.open(this.port, "/strict", principal)) {
			org.awaitility.Awaitility.await()
				.until(() -> RawHandshake.send(this.port, "/strict", principal).startsWith("HTTP/1.1 429"));
			assertThat(RawHandshake.send(this.port, "/strict", "X-Test-User: sam")).startsWith("HTTP/1.1 101");
		}
	}

	@Test
	void namesClientsGiveThemselvesNeverTakeTheAuthenticatedUsersPlace() {
		// two clients of the open endpoint call themselves alice, as many as the limit allows
		try (WsTestConnection squatter1 = connect("s1", "alice"); WsTestConnection squatter2 = connect("s2", "alice")) {
			squatter1.awaitType("welcome");
			squatter2.awaitType("welcome");
			// the real alice still gets in, on an endpoint that requires her principal
			try (WsTestConnection alice = WsTestConnection.connect("ws://localhost:" + this.port + "/members-only",
					Map.of("X-Test-User", "alice"))) {
				assertThat(alice.request("whoami", null, "w").asString()).isEqualTo("alice/alice");
				assertThat(this.registry.userConnectionCount("alice")).isOne();
				this.messenger.sendToUser("alice", Event.of("personal", "for the real alice"));
				assertThat(alice.awaitType("personal").get("data").asString()).isEqualTo("for the real alice");
				for (WsTestConnection squatter : List.of(squatter1, squatter2)) {
					squatter.request("echo", "sync", "sync");
					assertThat(squatter.received()).noneMatch((message) -> message.toString().contains("real alice"));
				}
			}
			// they keep their name in their rooms, where it is only a name
			assertThat(this.messenger.members("s1")).extracting(Member::user).containsExactly("alice");
			// and the limit still holds among them, within their endpoint
			try (WsTestConnection third = connect("s3", "alice")) {
				assertThat(third.awaitCloseStatus().code()).isEqualTo(1013);
			}
		}
	}

	@Test
	void aUserNameWithAControlCharacterOrNothingInItIsRefusedWith1008() {
		for (String name : List.of("%00alice", "ali%0Ace", "%20%20", "%09")) {
			try (WsTestConnection client = connect("bad-names", name)) {
				WsTestConnection.Close close = client.awaitCloseStatus();
				assertThat(close.code()).as(name).isEqualTo(1008);
				assertThat(close.reason()).as(name).startsWith("User name must");
			}
		}
		assertThat(this.messenger.count("bad-names")).isZero();
	}

}
