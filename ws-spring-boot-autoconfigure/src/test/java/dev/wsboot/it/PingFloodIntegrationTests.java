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

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.test.RawFrames;
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
 * Clients that flood pings and never read the pongs. Tomcat answers each ping on its
 * reading thread with a blocking write; the starter bounds those writes to a second (not
 * the 10 s send time limit), so such a client holds a container thread for about that
 * long, then it is closed, while a bystander goes on being served.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class PingFloodIntegrationTests {

	private static final int FLOODERS = 10;

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Test
	void clientsThatPingAndNeverReadAreClosedWithinSecondsNotTheSendTimeLimit() throws Exception {
		List<Socket> sockets = new ArrayList<>();
		List<Thread> flooders = new ArrayList<>();
		byte[] ping = RawFrames.encode(true, 0, 0x9, new byte[125]);
		try (WsTestConnection ada = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/calm?user=ada")) {
			ada.awaitType("welcome");
			for (int i = 0; i < FLOODERS; i++) {
				sockets.add(RawHandshake.openSlow(this.port, "/rooms/pings?user=p" + i, 4096));
			}
			await().until(() -> this.messenger.count("pings") == FLOODERS);
			long started = System.nanoTime();
			for (Socket socket : sockets) {
				Thread flooder = new Thread(() -> flood(socket, ping), "ping-flooder");
				flooder.start();
				flooders.add(flooder);
			}
			assertThat(ada.request("echo", Map.of("during", "the flood"), "e1").toString()).contains("the flood");
			await().atMost(Duration.ofSeconds(30)).until(() -> this.messenger.count("pings") == 0);
			Duration closedAfter = Duration.ofNanos(System.nanoTime() - started);
			assertThat(closedAfter).as("all flooders closed").isLessThan(Duration.ofSeconds(6));
			assertThat(ada.request("echo", Map.of("after", "the flood"), "e2").toString()).contains("the flood");
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
			for (Thread flooder : flooders) {
				flooder.join(10_000);
			}
		}
	}

	private static void flood(Socket socket, byte[] ping) {
		try {
			OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
			while (true) {
				out.write(ping);
			}
		}
		catch (IOException ex) {
			// the server closed the connection
		}
	}

}
