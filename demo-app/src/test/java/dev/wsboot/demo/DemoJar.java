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

package dev.wsboot.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged demo jar, started in a JVM of its own on a free port, for the tests that
 * kill a node or load one to its limits. Its output goes to a file under
 * {@code target/}, named in every failure.
 */
final class DemoJar implements AutoCloseable {

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final Process process;

	private final int port;

	private final Path log;

	private DemoJar(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Return what the node has logged so far.
	 * @return the log
	 * @throws java.io.IOException if it cannot be read
	 */
	String log() throws java.io.IOException {
		return Files.readString(this.log, StandardCharsets.ISO_8859_1);
	}

	/**
	 * Start the demo jar and wait until it serves.
	 * @param heap the largest heap, such as {@code 256m}
	 * @param arguments the application's arguments
	 * @return the running demo
	 * @throws Exception if it does not start within a minute
	 */
	static DemoJar start(String heap, String... arguments) throws Exception {
		return start(heap, List.of(), arguments);
	}

	/**
	 * Start the demo jar with JVM options and wait until it serves.
	 * @param heap the largest heap, such as {@code 256m}
	 * @param jvmOptions options for the JVM, such as {@code -Dspring.aot.enabled=true}
	 * @param arguments the application's arguments
	 * @return the running demo
	 * @throws Exception if it does not start within a minute
	 */
	static DemoJar start(String heap, List<String> jvmOptions, String... arguments) throws Exception {
		return start(heap, jvmOptions, 0, arguments);
	}

	/**
	 * Start the demo jar on a port and wait until it serves.
	 * @param port the port, 0 for any free one
	 * @param arguments the application's arguments
	 * @return the running demo
	 * @throws Exception if it does not start within a minute
	 */
	static DemoJar startOn(int port, String... arguments) throws Exception {
		return start("256m", List.of(), port, arguments);
	}

	private static DemoJar start(String heap, List<String> jvmOptions, int port, String... arguments)
			throws Exception {
		Path jar = Path.of(System.getProperty("demo.jar", "target/demo-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the demo jar, built by the package phase").exists();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
		command.addAll(List.of(arguments));
		Path log = Files.createTempFile(Path.of("target"), "demo-node-", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			return new DemoJar(process, awaitPort(process, log), log);
		}
		catch (Exception ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	private static int awaitPort(Process process, Path log) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			Matcher matcher = STARTED.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
			if (matcher.find()) {
				return Integer.parseInt(matcher.group(1));
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("The demo node exited before it started, see " + log);
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("The demo node did not start within a minute, see " + log);
	}

	int port() {
		return this.port;
	}

	/**
	 * Stop the node gracefully (SIGTERM) and wait until it has exited.
	 */
	void stop() throws InterruptedException {
		this.process.destroy();
		assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).as("the node stops within 30 s").isTrue();
	}

	/**
	 * Freeze the JVM (SIGSTOP): its sockets stay open, and it answers nothing.
	 */
	void freeze() throws Exception {
		signal("-STOP");
	}

	/**
	 * Let a frozen JVM go on (SIGCONT).
	 */
	void thaw() throws Exception {
		signal("-CONT");
	}

	private void signal(String signal) throws Exception {
		Process kill = new ProcessBuilder("kill", signal, Long.toString(this.process.pid())).start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill " + signal).isTrue();
	}

	/**
	 * Kill the JVM with SIGKILL: no shutdown hook runs.
	 */
	void kill() {
		this.process.destroyForcibly();
	}

	/**
	 * Return what {@code GET /rooms/{room}} answers.
	 * @param room the room
	 * @return the room's details
	 * @throws Exception if the request fails or takes more than ten seconds
	 */
	JsonNode room(String room) throws Exception {
		return room(this.port, room);
	}

	static JsonNode room(int port, String room) throws Exception {
		String body = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rooms/" + room))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		return JsonMapper.shared().readTree(body);
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
