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
 * A client that stops reading never delays a broadcast for the others: sends only
 * enqueue, and the slow client is closed once a write to it stays pending past the send
 * time limit.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.outbound.send-buffer-limit=64MB", "ws.outbound.send-time-limit=3s" })
class SlowConsumerIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Autowired
	RoomEndpoint endpoint;

	@Test
	void aClientThatStopsReadingDelaysNobodyAndIsClosed() throws Exception {
		List<WsTestConnection> readers = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				WsTestConnection reader = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/slow?user=r" + i);
				reader.awaitType("welcome");
				readers.add(reader);
			}
			Duration withoutStall = broadcast(readers, 0);
			try (Socket stalled = RawHandshake.openSlow(this.port, "/rooms/slow?user=stalled", 4096)) {
				await().until(() -> this.messenger.count("slow") == 5);
				Duration withStall = broadcast(readers, 1000);
				assertThat(withStall).as("1,000 broadcasts with a stalled member, against %s without", withoutStall)
					.isLessThan(withoutStall.multipliedBy(3).plusSeconds(5));
				await().atMost(Duration.ofSeconds(10)).until(() -> this.messenger.count("slow") == 4);
				assertThat(this.endpoint.disconnects).anyMatch((disconnect) -> disconnect.code() == 1008
						&& disconnect.rooms().contains("slow"));
			}
		}
		finally {
			readers.forEach(WsTestConnection::close);
		}
	}

	/**
	 * Broadcast 1,000 messages of 16 KiB (16 MB per member, more than the kernel buffers
	 * of a stalled socket hold) to the room, then check every reader got all of them in
	 * order.
	 * @return how long the broadcasting thread took
	 */
	private Duration broadcast(List<WsTestConnection> readers, int first) {
		String filler = "x".repeat(16 * 1024);
		long started = System.nanoTime();
		for (int i = first; i < first + 1000; i++) {
			this.messenger.sendToRoom("slow", Event.of("big", i + ":" + filler));
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		for (WsTestConnection reader : readers) {
			for (int i = first; i < first + 1000; i++) {
				assertThat(reader.awaitType("big").get("data").asString()).startsWith(i + ":");
			}
		}
		return took;
	}

}
