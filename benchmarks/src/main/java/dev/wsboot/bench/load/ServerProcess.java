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
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server app in a JVM of its own, started with the same class path as the load
 * generator, and what the operating system says about it.
 *
 * @author wsboot
 */
final class ServerProcess implements AutoCloseable {

	private static final long CLOCK_TICKS_PER_SECOND = 100;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final Process process;

	private final int port;

	private final String name;

	private ServerProcess(Process process, int port, String name) {
		this.process = process;
		this.port = port;
		this.name = name;
	}

	static ServerProcess start(String name, String mainClass, int port, List<String> jvmFlags, List<String> args,
			Path logDirectory) throws IOException, InterruptedException {
		return start(name, mainClass, System.getProperty("java.class.path"), port, jvmFlags, args, logDirectory);
	}

	static ServerProcess start(String name, String mainClass, String classPath, int port, List<String> jvmFlags,
			List<String> args, Path logDirectory) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmFlags);
		command.add("-cp");
		command.add(classPath);
		command.add(mainClass);
		command.add("--server.port=" + port);
		command.addAll(args);
		Files.createDirectories(logDirectory);
		Path log = logDirectory.resolve(name + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ServerProcess server = new ServerProcess(process, port, name);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (!server.accepts()) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + log);
			}
			if (System.nanoTime() > deadline) {
				server.close();
				throw new IllegalStateException(name + " did not start in time, see " + log);
			}
			Thread.sleep(200);
		}
		return server;
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Return the user and system CPU time the server has used, from {@code /proc}.
	 * @return the CPU time in seconds
	 */
	double cpuSeconds() throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// after the command: state is field 3, utime field 14 and stime field 15
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		return (double) ticks / CLOCK_TICKS_PER_SECOND;
	}

	/**
	 * Return the resident set size, from {@code /proc}.
	 * @return the RSS in bytes
	 */
	long rssBytes() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		throw new IllegalStateException("No VmRSS for " + pid());
	}

	/**
	 * Return the heap in use after full collections, as the server reports it.
	 * @return the live heap in bytes
	 */
	long heapAfterGc() throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/bench/heap"))
					.timeout(Duration.ofSeconds(60))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		return Long.parseLong(response.body().trim());
	}

	/**
	 * Return the top of a class histogram of the live heap ({@code jmap -histo:live}).
	 * @param lines how many classes
	 * @return the histogram's header and top classes
	 */
	List<String> classHistogram(int lines) throws IOException, InterruptedException {
		Path jmap = Path.of(System.getProperty("java.home"), "bin", "jmap");
		Process jmapProcess = new ProcessBuilder(jmap.toString(), "-histo:live", Long.toString(pid()))
			.redirectErrorStream(true)
			.start();
		List<String> out = new String(jmapProcess.getInputStream().readAllBytes()).lines().limit(lines + 3).toList();
		jmapProcess.waitFor(60, TimeUnit.SECONDS);
		return out;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
