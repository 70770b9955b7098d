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

package dev.wsboot.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The capacity scenario: the demo on its defaults (in memory; pings off, since these
 * clients answer none) gets {@code clients} idle WebSocket clients in 100 rooms, opened
 * by many threads at once, each waiting at most {@code client-timeout} seconds for its
 * handshake; then, with all of them held, {@code GET /rooms/r7}. Run it against the
 * demo jar of any version to compare:
 * {@code benchmarks/bench capacity [--clients=12000] [--jar=PATH] [--label=NAME]
 * [--client-timeout=5] [--client-threads=400]}.
 */
public final class CapacityBench {

	private CapacityBench() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = ScaleBench.options(args);
		int clients = Integer.parseInt(options.getOrDefault("clients", "12000"));
		int timeoutSeconds = Integer.parseInt(options.getOrDefault("client-timeout", "5"));
		int threads = Integer.parseInt(options.getOrDefault("client-threads", "400"));
		Path jar = Path.of(options.getOrDefault("jar", "demo-app/target/demo-app-0.1.0-SNAPSHOT.jar"));
		String label = options.getOrDefault("label", "current");
		Path logs = Path.of("benchmarks/target/capacity-" + label);
		Files.createDirectories(logs);
		Process server = ScaleBench.startJar(jar, "demo",
				List.of("--ws.heartbeat.interval=0", "--ws.heartbeat.idle-timeout=0", "--logging.level.root=WARN",
						"--logging.level.org.springframework.boot.tomcat=INFO", "--logging.level.dev.wsboot=INFO"),
				logs);
		List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
		Map<String, String> rows = new LinkedHashMap<>();
		try {
			int port = ScaleBench.awaitPort(logs.resolve("demo.log"), server);
			AtomicInteger upgraded = new AtomicInteger();
			AtomicInteger refused = new AtomicInteger();
			AtomicInteger unanswered = new AtomicInteger();
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			long started = System.nanoTime();
			try {
				List<Future<?>> handshakes = new ArrayList<>();
				for (int i = 0; i < clients; i++) {
					String target = "/chat/r" + (i % 100) + "?user=u" + i;
					handshakes.add(pool.submit(() -> {
						try {
							Socket socket = handshake(port, target, timeoutSeconds);
							if (socket != null) {
								upgraded.incrementAndGet();
								sockets.add(socket);
							}
							else {
								refused.incrementAndGet();
							}
						}
						catch (IOException ex) {
							unanswered.incrementAndGet();
						}
					}));
				}
				for (Future<?> handshake : handshakes) {
					handshake.get();
				}
			}
			finally {
				pool.shutdownNow();
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			rows.put("clients", Integer.toString(clients));
			rows.put("upgraded", Integer.toString(upgraded.get()));
			rows.put("refused with an HTTP status", Integer.toString(refused.get()));
			rows.put("no answer within " + timeoutSeconds + " s", Integer.toString(unanswered.get()));
			rows.put("time for all handshakes (s)", String.format("%.1f", seconds));
			rows.put("GET /rooms/r7 while they are held", get(port));
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
			server.destroyForcibly();
		}
		StringBuilder md = new StringBuilder();
		md.append("Capacity, ").append(label).append(", ").append(LocalDate.now())
			.append(": `benchmarks/bench capacity ").append(String.join(" ", args))
			.append("`\n\n| figure | value |\n| --- | --- |\n");
		rows.forEach((name, value) -> md.append("| ").append(name).append(" | ").append(value).append(" |\n"));
		Files.writeString(Path.of("docs/benchmarks/capacity-" + label + ".md"), md.toString());
		System.out.println(md);
	}

	/**
	 * Do a handshake.
	 * @return the socket when upgraded, {@code null} when refused with a status
	 * @throws IOException when nothing answers in time
	 */
	private static Socket handshake(int port, String target, int timeoutSeconds) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutSeconds * 1000);
			socket.setSoTimeout(timeoutSeconds * 1000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			byte[] status = socket.getInputStream().readNBytes(12);
			if (new String(status, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101")) {
				return socket;
			}
			socket.close();
			return null;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	private static String get(int port) {
		long started = System.nanoTime();
		try {
			HttpResponse<String> response = HttpClient.newBuilder()
				.connectTimeout(Duration.ofSeconds(10))
				.build()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rooms/r7"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			return "HTTP " + response.statusCode() + " in " + (System.nanoTime() - started) / 1_000_000 + " ms";
		}
		catch (IOException | InterruptedException ex) {
			return "no answer within 10 s (" + ex.getClass().getSimpleName() + ")";
		}
	}

}
