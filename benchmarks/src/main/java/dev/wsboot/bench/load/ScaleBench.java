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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The scale scenario: a demo node on Redis takes many idle connections; the figures are
 * how fast it takes them, what each costs in Redis, how long the node takes to write its
 * state again after Redis restarts empty, and how long a second node takes to sweep it
 * after a SIGKILL. Run it against the demo jar of any version
 * ({@code --jar=...}) to compare before and after a change:
 * {@code benchmarks/bench scale [--connections=15000] [--jar=PATH] [--label=NAME]
 * [--server-args="--name=value ..."]}.
 */
public final class ScaleBench {

	private ScaleBench() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		int connections = Integer.parseInt(options.getOrDefault("connections", "15000"));
		Path jar = Path.of(options.getOrDefault("jar", "demo-app/target/demo-app-0.1.0-SNAPSHOT.jar"));
		String label = options.getOrDefault("label", "current");
		Path out = Path.of("docs/benchmarks");
		Path logs = Path.of("benchmarks/target/scale-" + label);
		Files.createDirectories(logs);
		if (!Files.exists(jar)) {
			throw new IllegalStateException("No demo jar at " + jar + ": build it with ./mvnw -B -DskipTests package");
		}
		Map<String, String> rows = new LinkedHashMap<>();
		try (RedisProcess redis = RedisProcess.start(logs)) {
			List<String> cluster = new ArrayList<>(List.of("--ws.registry.type=redis",
					"--spring.data.redis.port=" + redis.port(), "--spring.data.redis.timeout=5s",
					"--logging.level.root=WARN", "--logging.level.dev.wsboot=INFO",
					"--logging.level.org.springframework.boot.tomcat=INFO",
					// the raw clients answer no pings
					"--ws.heartbeat.interval=0", "--ws.heartbeat.idle-timeout=0"));
			String serverArgs = options.getOrDefault("server-args", "").trim();
			if (!serverArgs.isEmpty()) {
				cluster.addAll(List.of(serverArgs.split("\\s+")));
			}
			Process loaded = startJar(jar, "loaded", cluster, logs);
			Process survivor = startJar(jar, "survivor", cluster, logs);
			List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
			try {
				int port = awaitPort(logs.resolve("loaded.log"), loaded);
				awaitPort(logs.resolve("survivor.log"), survivor);
				long memoryBefore = redis.info("memory", "used_memory");
				long keysBefore = redis.number("DBSIZE");
				long started = System.nanoTime();
				open(sockets, port, connections);
				double seconds = (System.nanoTime() - started) / 1e9;
				String loadedNode = awaitLoadedNode(redis, connections);
				long memoryAfter = redis.info("memory", "used_memory");
				long keys = redis.number("DBSIZE");
				rows.put("connections", Integer.toString(connections));
				rows.put("connect rate (handshakes/s, 16 client threads)", String.format("%.0f", connections / seconds));
				rows.put("Redis memory per connection (bytes)",
						Long.toString((memoryAfter - memoryBefore) / connections));
				rows.put("Redis keys", Long.toString(keys - keysBefore));

				started = System.nanoTime();
				redis.restartEmpty();
				double reassert = awaitSeconds(started, 120,
						() -> redis.number("SCARD", "ws:node:" + loadedNode) == connections);
				rows.put("re-assert after Redis restarted empty (s)", String.format("%.1f", reassert));

				started = System.nanoTime();
				loaded.destroyForcibly();
				double expired = awaitSeconds(started, 60, () -> redis.number("EXISTS", "ws:alive:" + loadedNode) == 0);
				long expiredAt = System.nanoTime();
				double swept = awaitSeconds(started, 180,
						() -> redis.number("EXISTS", "ws:node:" + loadedNode) == 0
								&& redis.number("SISMEMBER", "ws:nodes", loadedNode) == 0);
				rows.put("liveness key expired after SIGKILL, node TTL 15 s (s)", String.format("%.1f", expired));
				rows.put("swept after SIGKILL (s)", String.format("%.1f", swept));
				rows.put("swept after the key expired (s)", String.format("%.1f", (System.nanoTime() - expiredAt) / 1e9));
			}
			finally {
				for (Socket socket : sockets) {
					socket.close();
				}
				loaded.destroyForcibly();
				survivor.destroyForcibly();
			}
		}
		StringBuilder md = new StringBuilder();
		md.append("Scale, ").append(label).append(", ").append(LocalDate.now()).append(": `benchmarks/bench scale ")
			.append(String.join(" ", args)).append("`\n\n| figure | value |\n| --- | --- |\n");
		rows.forEach((name, value) -> md.append("| ").append(name).append(" | ").append(value).append(" |\n"));
		Files.writeString(out.resolve("scale-" + label + ".md"), md.toString());
		System.out.println(md);
	}

	/**
	 * Read {@code --name=value} options.
	 * @param args the arguments
	 * @return the options by name
	 */
	static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			if (arg.startsWith("--") && arg.contains("=")) {
				options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
		}
		return options;
	}

	static Process startJar(Path jar, String name, List<String> arguments, Path logs) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx1g", "-jar", jar.toString(), "--server.port=0"));
		command.addAll(arguments);
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(logs.resolve(name + ".log").toFile())
			.start();
	}

	static int awaitPort(Path log, Process process) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (System.nanoTime() < deadline && process.isAlive()) {
			for (String line : Files.readAllLines(log)) {
				int at = line.indexOf("Tomcat started on port ");
				if (at >= 0) {
					return Integer.parseInt(line.substring(at + 23).replaceAll("\\D.*", ""));
				}
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("The demo did not start, see " + log);
	}

	private static String awaitLoadedNode(RedisProcess redis, int connections) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			for (String node : redis.cli("SMEMBERS", "ws:nodes").split("\\r?\\n")) {
				if (!node.isBlank() && redis.number("SCARD", "ws:node:" + node.trim()) == connections) {
					return node.trim();
				}
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("No node holds " + connections + " connections in Redis");
	}

	private static double awaitSeconds(long started, int limitSeconds, Check done) throws Exception {
		long deadline = started + TimeUnit.SECONDS.toNanos(limitSeconds);
		while (System.nanoTime() < deadline) {
			if (done.isDone()) {
				return (System.nanoTime() - started) / 1e9;
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("Not done within " + limitSeconds + " s");
	}

	private static void open(List<Socket> sockets, int port, int count) throws Exception {
		ExecutorService openers = Executors.newFixedThreadPool(16);
		try {
			List<Future<Socket>> opened = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String target = "/chat/r" + (i % 100) + "?user=u" + i;
				opened.add(openers.submit(() -> handshake(port, target)));
			}
			for (Future<Socket> socket : opened) {
				sockets.add(socket.get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			openers.shutdownNow();
		}
	}

	private static Socket handshake(int port, String target) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		socket.setSoTimeout(30_000);
		OutputStream out = socket.getOutputStream();
		out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1));
		InputStream in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int read = in.read();
			if (read < 0) {
				socket.close();
				throw new IOException("closed during the handshake");
			}
			head.append((char) read);
		}
		if (!head.toString().startsWith("HTTP/1.1 101")) {
			socket.close();
			throw new IOException("refused: " + head);
		}
		return socket;
	}

	/**
	 * A condition to wait for.
	 */
	@FunctionalInterface
	private interface Check {

		boolean isDone() throws Exception;

	}

}
