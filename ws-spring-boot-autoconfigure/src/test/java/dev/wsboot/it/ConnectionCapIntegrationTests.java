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
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsboot.internal.endpoint.WebSocketEndpointRegistrar;
import dev.wsboot.test.RawHandshake;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node at its cap refuses the next handshake at once, before the upgrade, with 503 and
 * a Retry-After header, and goes on answering HTTP; a closed connection frees its slot.
 * One remote address at its own cap gets 429, while other addresses are still let in,
 * and behind a trusted proxy the cap counts the forwarded client addresses.
 */
@SpringBootTest(classes = { TestEndpointsApplication.class, ConnectionCapIntegrationTests.Ping.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ws.limits.max-connections=500")
class ConnectionCapIntegrationTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	WebSocketEndpointRegistrar registrar;

	@Test
	void refusesTheHandshakeOverTheCapAtOnceAndKeepsServingHttp() throws Exception {
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 500; i++) {
				sockets.add(RawHandshake.open(this.port, "/rooms/cap" + (i % 10) + "?user=u" + i));
			}
			assertThat(this.registrar.openConnections()).isEqualTo(500);
			// the raw exchange reads for a second at most: a hang would come back empty
			for (int i = 0; i < 20; i++) {
				assertThat(RawHandshake.send(this.port, "/rooms/cap0?user=over" + i)).startsWith("HTTP/1.1 503")
					.containsPattern("(?i)Retry-After: ([2-9]|10)\r\n")
					.doesNotContain("Upgrade: websocket");
			}
			assertThat(get("/ping")).isEqualTo("pong");
			assertThat(this.registrar.openConnections()).as("refusals hold no slot").isEqualTo(500);
			sockets.remove(0).close();
			await().until(() -> this.registrar.openConnections() == 499);
			sockets.add(RawHandshake.open(this.port, "/rooms/cap0?user=next"));
			assertThat(RawHandshake.send(this.port, "/rooms/cap0?user=over")).startsWith("HTTP/1.1 503");
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
		await().until(() -> this.registrar.openConnections() == 0);
	}

	@Test
	void aHandshakeRefusedAfterAdmissionGivesItsSlotBack() throws Exception {
		int before = this.registrar.openConnections();
		// refused by the starter after admission: a URI the container cannot take, no principal
		assertThat(RawHandshake.send(this.port, "/rooms/cap0?user=a%zz")).startsWith("HTTP/1.1 400");
		assertThat(RawHandshake.send(this.port, "/secure/x")).startsWith("HTTP/1.1 401");
		// refused by Spring's origin check
		assertThat(RawHandshake.send(this.port, "/rooms/cap0?user=x", "Origin: https://evil.example"))
			.startsWith("HTTP/1.1 403");
		await().until(() -> this.registrar.openConnections() == before);
	}

	String get(String path) throws IOException, InterruptedException {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	@RestController
	static class Ping {

		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

	}

	@Nested
	@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "ws.limits.max-connections-per-address=20")
	class PerAddress {

		@LocalServerPort
		int addressPort;

		@Autowired
		WebSocketEndpointRegistrar addressRegistrar;

		@Test
		void oneAddressAtItsCapGets429WhileOthersAreLetIn() throws Exception {
			List<Socket> sockets = new ArrayList<>();
			try {
				for (int i = 0; i < 20; i++) {
					sockets.add(RawHandshake.openFrom("127.0.0.1", this.addressPort, "/rooms/addr?user=a" + i));
				}
				assertThat(RawHandshake.send(this.addressPort, "/rooms/addr?user=over"))
					.startsWith("HTTP/1.1 429")
					.containsPattern("(?i)Retry-After: ([2-9]|10)\r\n");
				for (int i = 0; i < 20; i++) {
					sockets.add(RawHandshake.openFrom("127.0.0.2", this.addressPort, "/rooms/addr?user=b" + i));
				}
				sockets.remove(0).close();
				await().until(() -> this.addressRegistrar.openConnections() == 39);
				sockets.add(RawHandshake.openFrom("127.0.0.1", this.addressPort, "/rooms/addr?user=again"));
			}
			finally {
				for (Socket socket : sockets) {
					socket.close();
				}
			}
			await().until(() -> this.addressRegistrar.openConnections() == 0);
		}

	}

	@Nested
	@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "ws.limits.max-connections-per-address=2", "server.forward-headers-strategy=native" })
	class BehindAProxy {

		@LocalServerPort
		int proxiedPort;

		@Test
		void theCapCountsTheForwardedClientAddresses() throws Exception {
			List<Socket> sockets = new ArrayList<>();
			try {
				for (int i = 0; i < 2; i++) {
					sockets.add(RawHandshake.open(this.proxiedPort, "/rooms/p?user=a" + i,
							"X-Forwarded-For: 203.0.113.7"));
				}
				assertThat(RawHandshake.send(this.proxiedPort, "/rooms/p?user=a9", "X-Forwarded-For: 203.0.113.7"))
					.startsWith("HTTP/1.1 429");
				sockets.add(RawHandshake.open(this.proxiedPort, "/rooms/p?user=b", "X-Forwarded-For: 203.0.113.8"));
				// a forged chain cannot hide the address the trusted proxy saw last
				assertThat(RawHandshake.send(this.proxiedPort, "/rooms/p?user=a8",
						"X-Forwarded-For: 198.51.100.1, 203.0.113.7"))
					.startsWith("HTTP/1.1 429");
			}
			finally {
				for (Socket socket : sockets) {
					socket.close();
				}
			}
		}

	}

}
