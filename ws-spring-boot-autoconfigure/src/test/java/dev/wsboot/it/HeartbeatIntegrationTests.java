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

import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.test.RawHandshake;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Server pings keep live clients connected, and close and clean up a peer that stopped
 * answering without a close.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.heartbeat.interval=200ms", "ws.heartbeat.idle-timeout=1s" })
class HeartbeatIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Autowired
	RoomEndpoint endpoint;

	@Test
	void aClientThatAnswersPingsStaysConnectedWhileIdle() {
		try (WsTestConnection client = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/alive?user=a")) {
			client.awaitType("welcome");
			await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> !client.isClosed());
			assertThat(this.messenger.count("alive")).isEqualTo(1);
		}
	}

	@Test
	void aSilentPeerIsClosedAndCleanedUpWithinTheIdleTimeout() throws Exception {
		try (Socket silent = RawHandshake.open(this.port, "/rooms/silent?user=ghost")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.messenger.count("silent") == 1);
			long opened = System.nanoTime();
			await().atMost(Duration.ofSeconds(5)).until(() -> this.messenger.count("silent") == 0);
			Duration closedAfter = Duration.ofNanos(System.nanoTime() - opened);
			assertThat(closedAfter).isLessThan(Duration.ofMillis(1000 + 200 + 1000));
			assertThat(this.endpoint.disconnects).anyMatch((disconnect) -> disconnect.code() == 1001
					&& disconnect.rooms().contains("silent"));
			InputStream in = silent.getInputStream();
			byte[] received = in.readNBytes(in.available());
			assertThat(received).as("the server pinged (opcode 0x9) before giving up").contains((byte) 0x89);
		}
	}

}
