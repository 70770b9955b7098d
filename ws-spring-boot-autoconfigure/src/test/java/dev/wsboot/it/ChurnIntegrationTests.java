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
import dev.wsboot.test.WsTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

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

	@Test
	void churnLeavesNoMembershipBehindAndStayersLoseNothing() throws Exception {
		List<WsTestClient> stayers = new ArrayList<>();
		for (int r = 0; r < ROOMS; r++) {
			WsTestClient stayer = WsTestClient.connect("ws://localhost:" + this.port + "/rooms/churn" + r + "?user=s" + r);
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
						try (WsTestClient client = WsTestClient
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
			for (WsTestClient stayer : stayers) {
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
			stayers.forEach(WsTestClient::close);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.messenger.rooms().stream().noneMatch((room) -> room.startsWith("churn")));
	}

}
