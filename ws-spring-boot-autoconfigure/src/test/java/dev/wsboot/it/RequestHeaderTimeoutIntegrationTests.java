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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsboot.test.RawHandshake;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handshakes whose headers trickle in a line at a time, each line well within Tomcat's
 * read timeout, are closed once the request has taken longer than
 * {@code ws.tomcat.request-header-timeout}; normal handshakes go through meanwhile, and
 * neither an upgraded connection nor an idle keep-alive connection is touched.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "ws.tomcat.request-header-timeout=1s")
class RequestHeaderTimeoutIntegrationTests {

	private static final int TRICKLERS = 50;

	@LocalServerPort
	int port;

	@Test
	void trickledHandshakesAreClosedAfterTheTimeoutWhileOthersGoThrough() throws Exception {
		List<Socket> tricklers = new ArrayList<>();
		try (WsTestConnection upgraded = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/t?user=ws")) {
			upgraded.awaitType("welcome");
			long started = System.nanoTime();
			for (int i = 0; i < TRICKLERS; i++) {
				Socket socket = new Socket("127.0.0.1", this.port);
				socket.setSoTimeout(5);
				socket.getOutputStream()
					.write(("GET /rooms/t?user=slow" + i + " HTTP/1.1\r\nHost: localhost\r\n")
						.getBytes(StandardCharsets.ISO_8859_1));
				tricklers.add(socket);
			}
			int line = 0;
			List<Long> closedAfterMillis = new ArrayList<>();
			while (closedAfterMillis.size() < TRICKLERS
					&& System.nanoTime() - started < Duration.ofSeconds(10).toNanos()) {
				for (Socket socket : tricklers) {
					if (!socket.isClosed() && isClosedByServer(socket, "X-Trickle-" + line + ": 1\r\n")) {
						closedAfterMillis.add((System.nanoTime() - started) / 1_000_000);
						socket.close();
					}
				}
				line++;
				// a fresh handshake goes through while the tricklers hold their connections
				if (line == 3) {
					assertThat(RawHandshake.send(this.port, "/rooms/t?user=fresh")).startsWith("HTTP/1.1 101");
				}
			}
			assertThat(closedAfterMillis).as("tricklers closed by the server").hasSize(TRICKLERS);
			assertThat(closedAfterMillis).allMatch((millis) -> millis >= 1000, "not before the timeout")
				.allMatch((millis) -> millis < 5000, "within a few seconds of it");
			assertThat(upgraded.isClosed()).as("the upgraded connection is left alone").isFalse();
			assertThat(upgraded.request("echo", "still here", "e").asString()).isEqualTo("still here");
		}
		finally {
			for (Socket socket : tricklers) {
				socket.close();
			}
		}
	}

	@Test
	void anIdleKeepAliveConnectionIsLeftAlone() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			// HEAD: a response without a body, so that the next one starts where it ends
			String request = "HEAD /nothing-here HTTP/1.1\r\nHost: localhost\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 404");
			// idle for more than twice the header timeout
			Thread.sleep(2500);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 404");
		}
	}

	/**
	 * Send one more header line, and tell whether the server has closed the connection.
	 */
	private static boolean isClosedByServer(Socket socket, String headerLine) {
		try {
			OutputStream out = socket.getOutputStream();
			out.write(headerLine.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			try {
				// the server answers nothing to an incomplete request: any byte or the end
				// of the stream means it gave up on it
				in.read();
				return true;
			}
			catch (SocketTimeoutException ex) {
				return false;
			}
		}
		catch (IOException ex) {
			return true;
		}
	}

	private static String readResponseHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int read = in.read();
			if (read < 0) {
				break;
			}
			head.append((char) read);
		}
		return head.toString();
	}

}
