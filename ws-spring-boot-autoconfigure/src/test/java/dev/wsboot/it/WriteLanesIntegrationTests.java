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

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
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
 * A client that stops reading holds up no other client of its write lane: once its write
 * has waited for the stall threshold, the lane carries on on a new thread and leaves the
 * stalled write to the old one. The limits here are far away (30 s, 64 MB), so only the
 * lane's rescue, not the closing of the slow client, can let the others through in time.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.outbound.send-buffer-limit=64MB", "ws.outbound.send-time-limit=30s" })
class WriteLanesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Test
	void aStalledClientHoldsUpNoOtherClientOfItsLane() throws Exception {
		List<WsTestConnection> readers = new ArrayList<>();
		try (Socket stalled = RawHandshake.openSlow(this.port, "/rooms/lanes?user=stalled", 4096)) {
			await().until(() -> this.messenger.count("lanes") == 1);
			// connections take the lanes in turn: with four readers, some share the
			// stalled client's lane on any number of cores up to four
			for (int i = 0; i < 4; i++) {
				WsTestConnection reader = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/lanes?user=r" + i);
				reader.awaitType("welcome");
				readers.add(reader);
			}
			String filler = "x".repeat(16 * 1024);
			for (int i = 0; i < 1000; i++) {
				this.messenger.sendToRoom("lanes", Event.of("big", i + ":" + filler));
			}
			// 16 MB for each member: far more than the stalled client's socket buffers hold
			long started = System.nanoTime();
			for (WsTestConnection reader : readers) {
				for (int i = 0; i < 1000; i++) {
					assertThat(reader.awaitType("big").get("data").asString()).startsWith(i + ":");
				}
			}
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
			assertThat(this.messenger.count("lanes")).as("the stalled client is still a member").isEqualTo(5);
		}
		finally {
			readers.forEach(WsTestConnection::close);
		}
	}

}
