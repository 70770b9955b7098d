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


package dev.wsboot.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A JUnit 5 extension that provides a real Redis owned by the test: a Testcontainers
 * Redis container when a Docker engine is reachable, otherwise a {@code redis-server}
 * from the PATH started on a free loopback port (no persistence), otherwise a failure
 * that says how to get one. Never the machine's own Redis.
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final RedisServer redis = new RedisServer();
 * </pre>
 *
 * @author wsboot
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

	private static final String IMAGE = "redis:7-alpine";

	private @Nullable GenericContainer<?> container;

	private @Nullable Process process;

	private int port;

	private @Nullable RedisClient client;

	private @Nullable StatefulRedisConnection<String, String> connection;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		if (dockerAvailable()) {
			GenericContainer<?> redis = new GenericContainer<>(IMAGE).withExposedPorts(6379);
			redis.start();
			this.container = redis;
			this.port = redis.getMappedPort(6379);
			return;
		}
		File redisServer = findOnPath("redis-server");
		if (redisServer == null) {
			throw new IllegalStateException("These tests need a real Redis: start a Docker engine (Testcontainers runs "
					+ IMAGE + "), or install redis-server on the PATH (Debian: apt-get install redis-server)");
		}
		this.port = freePort();
		startProcess();
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static @Nullable File findOnPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			File candidate = new File(directory, name);
			if (candidate.canExecute()) {
				return candidate;
			}
		}
		return null;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	private void startProcess() throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder("redis-server", "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning");
		builder.redirectErrorStream(true);
		builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		this.process = builder.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited with " + this.process.exitValue() + " on port "
						+ this.port);
			}
			if (ping()) {
				return;
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("redis-server did not answer on port " + this.port + " within 10s");
	}

	private boolean ping() {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[7];
			int read = in.read(answer);
			return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.client != null) {
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
		if (this.container != null) {
			this.container.stop();
		}
		if (this.process != null) {
			this.process.destroyForcibly();
		}
	}

	/**
	 * Return the host Redis listens on.
	 * @return the host
	 */
	public String host() {
		return (this.container != null) ? this.container.getHost() : "127.0.0.1";
	}

	/**
	 * Return the port Redis listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the Spring Boot properties that point an application at this Redis.
	 * @return the properties, as {@code name=value}
	 */
	public List<String> properties() {
		return List.of("spring.data.redis.host=" + host(), "spring.data.redis.port=" + this.port,
				"spring.data.redis.timeout=2s");
	}

	/**
	 * Return synchronous commands on a connection owned by the test, for probes such as
	 * {@code PUBSUB NUMSUB} and {@code INFO commandstats}.
	 * @return the commands
	 */
	public synchronized RedisCommands<String, String> commands() {
		if (this.connection == null) {
			this.client = RedisClient.create(RedisURI.create(host(), this.port));
			this.connection = this.client.connect();
		}
		return this.connection.sync();
	}

	/**
	 * Return how many times a command has run since startup, from {@code INFO commandstats}.
	 * @param command the command, lower case, such as {@code publish}
	 * @return the number of calls
	 */
	public long calls(String command) {
		String info = commands().info("commandstats");
		for (String line : info.split("\r?\n")) {
			if (line.startsWith("cmdstat_" + command + ":")) {
				String calls = line.substring(line.indexOf("calls=") + 6);
				return Long.parseLong(calls.substring(0, calls.indexOf(',')));
			}
		}
		return 0;
	}

	/**
	 * Return the connection ids of a room's members as the Redis registry keeps them: a
	 * sorted set of entries, each the id, a newline and the user.
	 * @param key the room's key, for example {@code ws:chat:room:lobby}
	 * @return the ids, in order
	 */
	public List<String> roomMembers(String key) {
		return commands().zrange(key, 0, -1).stream().map((entry) -> entry.substring(0, entry.indexOf('\n'))).toList();
	}

	/**
	 * Return how many clients are subscribed to a channel.
	 * @param channel the channel
	 * @return the number of subscribers
	 */
	public long subscribers(String channel) {
		return commands().pubsubNumsub(channel).getOrDefault(channel, 0L);
	}

	/**
	 * Kill Redis without a shutdown and start it again, empty, on the same port. With
	 * Testcontainers, where the port would change, every key is flushed and every client
	 * connection dropped instead.
	 */
	public void restartEmpty() throws Exception {
		if (this.container != null) {
			this.container.execInContainer("redis-cli", "FLUSHALL");
			this.container.execInContainer("redis-cli", "CLIENT", "KILL", "TYPE", "normal");
			this.container.execInContainer("redis-cli", "CLIENT", "KILL", "TYPE", "pubsub");
			return;
		}
		stop();
		startProcess();
	}

	/**
	 * Kill Redis (SIGKILL) and leave it down.
	 */
	public void stop() throws InterruptedException {
		if (this.container != null) {
			throw new IllegalStateException("Stopping a container keeps no port: use restartEmpty()");
		}
		if (this.process != null) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * Start Redis again, empty, on the same port, after {@link #stop()}.
	 */
	public void start() throws IOException, InterruptedException {
		startProcess();
	}

}
