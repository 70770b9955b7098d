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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.test.RawHandshake;
import dev.wsboot.test.WsTestConnection;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many connections join, leave, talk and disconnect concurrently while rooms are
 * broadcast to: no membership leaks, and clients that stayed lose nothing.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChurnIntegrationTests {

	private static final int ROOMS = 5;

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Autowired
	ConnectionRegistry registry;

	@Autowired
	ServletWebServerApplicationContext context;

	@Test
	void churnLeavesNoMembershipBehindAndStayersLoseNothing() throws Exception {
		List<WsTestConnection> stayers = new ArrayList<>();
		for (int r = 0; r < ROOMS; r++) {
			WsTestConnection stayer = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/churn" + r + "?user=s" + r);
			stayer.awaitType("welcome");
			stayers.add(stayer);
		}
		int baseline = this.registry.connectionCount();
		ExecutorService executor = Executors.newFixedThreadPool(12);
		AtomicInteger cycles = new AtomicInteger();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
		try {
			List<CompletableFuture<Void>> churners = new ArrayList<>();
			for (int t = 0; t < 10; t++) {
				int churner = t;
				churners.add(CompletableFuture.runAsync(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					while (System.nanoTime() < deadline) {
						String home = "churn" + random.nextInt(ROOMS);
						try (WsTestConnection client = WsTestConnection
							.connect("ws://localhost:" + this.port + "/rooms/" + home + "?user=c" + churner)) {
							client.awaitType("welcome");
							String extra = "churn" + random.nextInt(ROOMS);
							client.request("join", Map.of("text", extra), "j");
							client.sendEnvelope("say", Map.of("text", "churn"), null);
							if (random.nextBoolean()) {
								client.request("leave", Map.of("text", extra), "l");
							}
							if (random.nextInt(4) == 0) {
								client.abort();
							}
						}
						cycles.incrementAndGet();
					}
				}, executor));
			}
			int sent = 0;
			while (System.nanoTime() < deadline) {
				for (int r = 0; r < ROOMS; r++) {
					this.messenger.sendToRoom("churn" + r, Event.of("seq", sent));
				}
				sent++;
				Thread.onSpinWait();
				if (sent % 50 == 0) {
					TimeUnit.MILLISECONDS.sleep(5);
				}
			}
			CompletableFuture.allOf(churners.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			for (WsTestConnection stayer : stayers) {
				for (int i = 0; i < sent; i++) {
					assertThat(stayer.awaitType("seq").get("data").asInt()).isEqualTo(i);
				}
			}
			assertThat(cycles.get()).as("connect/join/leave/disconnect cycles").isGreaterThan(20);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.connectionCount() == baseline);
			for (int r = 0; r < ROOMS; r++) {
				assertThat(this.messenger.members("churn" + r)).hasSize(1);
			}
		}
		finally {
			executor.shutdownNow();
			stayers.forEach(WsTestConnection::close);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.messenger.rooms().stream().noneMatch((room) -> room.startsWith("churn")));
	}


	/**
	 * Connections that leave by a close, by an abort and by stalling until they are
	 * closed as slow leave nothing in Tomcat: the processors Tomcat keeps for upgraded
	 * connections come back to one per open WebSocket.
	 */
	@Test
	void tomcatHoldsNothingOfConnectionsThatLeft() throws Exception {
		AbstractProtocol<?> protocol = (AbstractProtocol<?>) ((TomcatWebServer) this.context.getWebServer()).getTomcat()
			.getConnector()
			.getProtocolHandler();
		int baseline = this.registry.connectionCount();
		List<Socket> stalled = new ArrayList<>();
		try {
			for (int round = 0; round < 5; round++) {
				List<WsTestConnection> leaving = new ArrayList<>();
				for (int i = 0; i < 40; i++) {
					WsTestConnection client = WsTestConnection
						.connect("ws://localhost:" + this.port + "/rooms/leaving?user=l" + round + "-" + i);
					client.awaitType("welcome");
					leaving.add(client);
				}
				for (int i = 0; i < 10; i++) {
					stalled.add(RawHandshake.openSlow(this.port, "/rooms/stall?user=s" + round + "-" + i, 4096));
				}
				// more than the socket buffers and the send buffer limit hold: closed as slow
				String filler = "x".repeat(64 * 1024);
				for (int i = 0; i < 100; i++) {
					this.messenger.sendToRoom("stall", Event.of("big", filler));
					this.messenger.sendToRoom("leaving", Event.of("small", i));
				}
				for (int i = 0; i < leaving.size(); i++) {
					if (i % 2 == 0) {
						leaving.get(i).close();
					}
					else {
						leaving.get(i).abort();
					}
				}
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> this.messenger.count("stall") == 0);
		}
		finally {
			for (Socket socket : stalled) {
				socket.close();
			}
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.registry.connectionCount() == baseline);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(protocol.getWaitingProcessorCount()).as("Tomcat's waiting processors")
				.isEqualTo(this.registry.connectionCount()));
	}

}
