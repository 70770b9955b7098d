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

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.wsboot.test.RawHandshake;

/**
 * Many raw WebSocket clients of the chat path, {@code /chat/r{i % rooms}?user={prefix}{i}},
 * opened by 16 threads. They read nothing and answer no pings. More than one process
 * may hold runs in a process of its own: {@link #holdElsewhere}.
 */
final class RawClients {

	private RawClients() {
	}

	/**
	 * Open clients.
	 * @param port the node's port
	 * @param count how many
	 * @param rooms over how many rooms
	 * @param prefix the user names' prefix
	 * @return the sockets, all upgraded
	 * @throws Exception if a handshake fails or takes more than a minute
	 */
	static List<Socket> open(int port, int count, int rooms, String prefix) throws Exception {
		List<Socket> sockets = new ArrayList<>(count);
		ExecutorService openers = Executors.newFixedThreadPool(16);
		try {
			List<Future<Socket>> opened = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String target = "/chat/r" + (i % rooms) + "?user=" + prefix + i;
				opened.add(openers.submit(() -> RawHandshake.open(port, target)));
			}
			for (Future<Socket> socket : opened) {
				sockets.add(socket.get(60, TimeUnit.SECONDS));
			}
			return sockets;
		}
		catch (Exception ex) {
			for (Socket socket : sockets) {
				socket.close();
			}
			throw ex;
		}
		finally {
			openers.shutdownNow();
		}
	}

	/**
	 * Open clients in a JVM of their own, for when this one may not hold more sockets.
	 * @param port the node's port
	 * @param count how many
	 * @param rooms over how many rooms
	 * @param prefix the user names' prefix
	 * @return the process; {@link Holder#close()} ends it and closes its clients
	 * @throws Exception if the process cannot start
	 */
	static Holder holdElsewhere(int port, int count, int rooms, String prefix) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				RawClients.class.getName(), Integer.toString(port), Integer.toString(count), Integer.toString(rooms),
				prefix)
			.redirectErrorStream(true)
			.start();
		CompletableFuture<String> opened = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.startsWith("OPEN ")) {
						opened.complete(line);
					}
				}
				opened.completeExceptionally(new IllegalStateException("The client process ended"));
			}
			catch (Exception ex) {
				opened.completeExceptionally(ex);
			}
		}, "raw-clients-output");
		reader.setDaemon(true);
		reader.start();
		return new Holder(process, opened);
	}

	/**
	 * Opens clients as {@link #open} does, prints {@code OPEN count}, and holds them until
	 * standard input closes. Arguments: port, count, rooms, prefix.
	 * @param args the arguments
	 * @throws Exception if a handshake fails
	 */
	public static void main(String[] args) throws Exception {
		List<Socket> sockets = open(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
				args[3]);
		System.out.println("OPEN " + sockets.size());
		System.out.flush();
		while (System.in.read() >= 0) {
			// hold the connections until the test closes standard input
		}
		for (Socket socket : sockets) {
			socket.close();
		}
	}

	/**
	 * Clients held by another process.
	 * @param process the process
	 * @param opened completes with {@code OPEN count} once they are open
	 */
	record Holder(Process process, CompletableFuture<String> opened) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			this.process.getOutputStream().close();
			this.process.destroyForcibly();
		}

	}

}
