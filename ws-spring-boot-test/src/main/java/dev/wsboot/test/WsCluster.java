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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A JUnit 5 extension that runs a cluster of the application under test: a Redis of its
 * own ({@link RedisServer}: Testcontainers when a Docker engine answers, else a
 * {@code redis-server} on a free port) and nodes, each the application's main class in
 * a JVM of its own on a random port, with the test's class path. Because a node is a
 * process, {@link Node#kill()} is a real {@code SIGKILL}: no shutdown hook runs and its
 * heartbeats stop, as when a machine dies; {@link Node#stop()} is a graceful
 * {@code SIGTERM}.
 *
 * <pre class="code">
 * &#064;RegisterExtension
 * static final WsCluster cluster = WsCluster.of(ChatApplication.class)
 *     .properties("ws.registry.redis.node-ttl=2s", "ws.registry.redis.liveness-interval=500ms");
 *
 * &#064;Test
 * void aMessageCrossesNodes() {
 *     WsCluster.Node a = cluster.start();
 *     WsCluster.Node b = cluster.start();
 *     try (WsTestConnection ada = a.client().connect("/chat/lobby?user=ada");
 *          WsTestConnection bob = b.client().connect("/chat/lobby?user=bob")) {
 *         ...
 *     }
 * }
 * </pre>
 *
 * Nodes still running after the test class are killed; their output goes to
 * {@code target/ws-cluster/}, named in every failure.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class WsCluster implements BeforeAllCallback, AfterAllCallback {

	private final Class<?> application;

	private final List<String> properties;

	private final String heap;

	private final RedisServer redis = new RedisServer();

	private final List<Node> nodes = new ArrayList<>();

	private WsCluster(Class<?> application, List<String> properties, String heap) {
		this.application = application;
		this.properties = List.copyOf(properties);
		this.heap = heap;
	}

	/**
	 * Create a cluster of an application.
	 * @param application the application's class, with a {@code main} method
	 * @return the cluster, without nodes until {@link #start()}
	 */
	public static WsCluster of(Class<?> application) {
		return new WsCluster(application, List.of(), "256m");
	}

	/**
	 * Return a cluster whose nodes get these application properties.
	 * @param properties the properties, as {@code name=value}
	 * @return a new cluster description
	 */
	public WsCluster properties(String... properties) {
		List<String> all = new ArrayList<>(this.properties);
		all.addAll(List.of(properties));
		return new WsCluster(this.application, all, this.heap);
	}

	/**
	 * Return a cluster whose nodes have this largest heap.
	 * @param heap such as {@code 512m}
	 * @return a new cluster description
	 */
	public WsCluster heap(String heap) {
		return new WsCluster(this.application, this.properties, heap);
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.redis.beforeAll(context);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		for (Node node : this.nodes) {
			node.kill();
		}
		this.nodes.clear();
		this.redis.afterAll(context);
	}

	/**
	 * Return the cluster's Redis, to probe it, stop it or restart it empty.
	 * @return the Redis
	 */
	public RedisServer redis() {
		return this.redis;
	}

	/**
	 * Start a node and wait until it serves.
	 * @param arguments further arguments for this node, such as
	 * {@code --ws.registry.redis.node-name=a}
	 * @return the node
	 * @throws IllegalStateException if it exits or does not serve within a minute
	 */
	public Node start(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + this.heap);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(this.application.getName());
		int port = freePort();
		command.add("--server.port=" + port);
		command.add("--ws.registry.type=redis");
		this.redis.properties().forEach((property) -> command.add("--" + property));
		this.properties.forEach((property) -> command.add("--" + property));
		command.addAll(List.of(arguments));
		try {
			Path directory = Files.createDirectories(Path.of("target", "ws-cluster"));
			Path log = Files.createTempFile(directory, this.application.getSimpleName() + "-", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			awaitServing(process, port, log);
			Node node = new Node(process, port, log);
			this.nodes.add(node);
			return node;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start a node of " + this.application.getName(), ex);
		}
	}

	/**
	 * Start a node in this JVM, for a test that reads the node's beans. It cannot be
	 * killed abruptly: {@link InProcessNode#close()} shuts it down gracefully. Nodes of
	 * both kinds share the cluster's Redis and properties.
	 * @param arguments further arguments for this node
	 * @return the started node, to close after use
	 */
	public InProcessNode startInProcess(String... arguments) {
		List<String> args = new ArrayList<>();
		args.add("--server.port=0");
		args.add("--ws.registry.type=redis");
		this.redis.properties().forEach((property) -> args.add("--" + property));
		this.properties.forEach((property) -> args.add("--" + property));
		args.addAll(List.of(arguments));
		// the main class as in a node of its own JVM: the default cluster name comes from it
		return new InProcessNode(new SpringApplicationBuilder(this.application).main(this.application)
			.run(args.toArray(String[]::new)));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port", ex);
		}
	}

	/** Wait until the node accepts connections on its port, whatever it logs. */
	private static void awaitServing(Process process, int port, Path log) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException ex) {
				// not yet
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("The node exited with " + process.exitValue() + " before it served, see "
						+ log.toAbsolutePath());
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while the node started", ex);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("The node did not serve within a minute, see " + log.toAbsolutePath());
	}

	/**
	 * A node of the cluster started in the test's JVM, with its application context.
	 */
	public static final class InProcessNode implements AutoCloseable {

		private final ConfigurableApplicationContext context;

		private final WsTestClient client;

		InProcessNode(ConfigurableApplicationContext context) {
			this.context = context;
			this.client = WsTestClient.create("ws://localhost:" + port());
		}

		/**
		 * Return the node's application context, to read its beans.
		 * @return the context
		 */
		public ConfigurableApplicationContext context() {
			return this.context;
		}

		/**
		 * Return the port the node serves on.
		 * @return the port
		 */
		public int port() {
			return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
		}

		/**
		 * Return a client for this node.
		 * @return the client
		 */
		public WsTestClient client() {
			return this.client;
		}

		/**
		 * Return the WebSocket URI of a path on this node, for a client of your own.
		 * @param pathAndQuery the path and query, such as {@code /chat/lobby?user=ada}
		 * @return the URI
		 */
		public String uri(String pathAndQuery) {
			return this.client.baseUri() + pathAndQuery;
		}

		/**
		 * Return a bean of the node.
		 * @param <T> the bean's type
		 * @param type the bean's type
		 * @return the bean
		 */
		public <T> T bean(Class<T> type) {
			return this.context.getBean(type);
		}

		/** Shut the node down gracefully. */
		@Override
		public void close() {
			this.context.close();
		}

	}

	/**
	 * A node of the cluster: the application in a JVM of its own.
	 */
	public static final class Node {

		private final Process process;

		private final int port;

		private final Path log;

		private final WsTestClient client;

		Node(Process process, int port, Path log) {
			this.process = process;
			this.port = port;
			this.log = log;
			this.client = WsTestClient.create("ws://localhost:" + port);
		}

		/**
		 * Return the port the node serves on.
		 * @return the port
		 */
		public int port() {
			return this.port;
		}

		/**
		 * Return a client for this node.
		 * @return the client
		 */
		public WsTestClient client() {
			return this.client;
		}

		/**
		 * Return whether the node's process runs.
		 * @return {@code true} until it is killed, stopped or exits
		 */
		public boolean isAlive() {
			return this.process.isAlive();
		}

		/**
		 * Kill the node abruptly ({@code SIGKILL}): no shutdown hook runs, its
		 * connections drop without a close frame, its heartbeats stop and the other nodes
		 * sweep it once its liveness key expires.
		 */
		public void kill() {
			this.process.destroyForcibly();
			await(this.process);
		}

		/**
		 * Stop the node gracefully ({@code SIGTERM}): its shutdown closes its connections
		 * with 1001 and it leaves the cluster at once.
		 */
		public void stop() {
			this.process.destroy();
			await(this.process);
		}

		/**
		 * Return what the node has logged so far.
		 * @return the log
		 */
		public String log() {
			try {
				return Files.readString(this.log, StandardCharsets.ISO_8859_1);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not read " + this.log, ex);
			}
		}

		private static void await(Process process) {
			try {
				if (!process.waitFor(30, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public String toString() {
			return "node on port " + this.port + " (" + this.log.toAbsolutePath() + ")";
		}

	}

}
