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
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the benchmark's own on a free port, never the machine's.
 *
 * @author wsboot
 */
final class RedisProcess implements AutoCloseable {

	private Process process;

	private final int port;

	private final Path logDirectory;

	private RedisProcess(Process process, int port, Path logDirectory) {
		this.process = process;
		this.port = port;
		this.logDirectory = logDirectory;
	}

	static RedisProcess start(Path logDirectory) throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		RedisProcess redis = new RedisProcess(launch(port, logDirectory), port, logDirectory);
		redis.awaitPing();
		return redis;
	}

	private static Process launch(int port, Path logDirectory) throws IOException {
		return new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logDirectory.resolve("redis.log").toFile()))
			.start();
	}

	private void awaitPing() throws IOException, InterruptedException {
		for (int i = 0; i < 100; i++) {
			if (cli("PING").contains("PONG")) {
				return;
			}
			Thread.sleep(100);
		}
		close();
		throw new IllegalStateException("redis-server did not start on port " + this.port);
	}

	/**
	 * Kill Redis with SIGKILL and start it again, empty, on the same port.
	 */
	void restartEmpty() throws IOException, InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
		this.process = launch(this.port, this.logDirectory);
		awaitPing();
	}

	/**
	 * Return a number from {@code INFO}, such as {@code used_memory}.
	 * @param section the section
	 * @param field the field
	 * @return its value
	 */
	long info(String section, String field) throws IOException, InterruptedException {
		for (String line : cli("INFO", section).split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return Long.parseLong(line.substring(field.length() + 1).trim());
			}
		}
		throw new IllegalStateException("No " + field + " in INFO " + section);
	}

	/**
	 * Run a command that answers a number.
	 * @param arguments the command
	 * @return the number, or -1 when Redis does not answer with one
	 */
	long number(String... arguments) throws IOException, InterruptedException {
		try {
			return Long.parseLong(cli(arguments).trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	int port() {
		return this.port;
	}

	/**
	 * Run a command with {@code redis-cli}.
	 * @param arguments the command and its arguments
	 * @return what redis-cli printed
	 */
	String cli(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(this.port)));
		command.addAll(List.of(arguments));
		Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(cli.getInputStream().readAllBytes());
		cli.waitFor(10, TimeUnit.SECONDS);
		return out;
	}

	/**
	 * Return how many times a command ran since the last {@code CONFIG RESETSTAT}.
	 * @param command the command, such as {@code publish}
	 * @return the count
	 */
	long calls(String command) throws IOException, InterruptedException {
		for (String line : cli("INFO", "commandstats").split("\r?\n")) {
			if (line.startsWith("cmdstat_" + command + ":calls=")) {
				return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
			}
		}
		return 0;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
