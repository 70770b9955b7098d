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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A hostile or slow client on a raw socket. It sends a WebSocket upgrade request exactly
 * as given, with no client-side validation of the request target, and returns what the
 * server answers within a second: the status line, the headers and, after a 101, the
 * first frames as raw text. Or it completes the upgrade and hands over the socket, which
 * answers no ping and reads nothing unless the test does: a client that stops reading.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class RawHandshake {

	private RawHandshake() {
	}

	/**
	 * Complete an upgrade and return the open socket, to be driven by hand: it answers no
	 * ping and reads nothing unless the test does.
	 * @param port the server port on localhost
	 * @param target the request target
	 * @param headers extra header lines
	 * @return the upgraded socket
	 * @throws IOException on a connection failure, or if the server does not answer 101
	 */
	public static Socket open(int port, String target, String... headers) throws IOException {
		return open(new Socket("127.0.0.1", port), port, target, headers);
	}

	/**
	 * Complete an upgrade on a socket with a small receive buffer, for a client that
	 * stops reading: its window fills after a few kilobytes.
	 * @param port the server port on localhost
	 * @param target the request target
	 * @param receiveBufferSize the receive buffer size, set before connecting
	 * @return the upgraded socket
	 * @throws IOException on a connection failure, or if the server does not answer 101
	 */
	public static Socket openSlow(int port, String target, int receiveBufferSize) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(receiveBufferSize);
		socket.connect(new java.net.InetSocketAddress("localhost", port));
		return open(socket, port, target);
	}

	/**
	 * Complete an upgrade from a given loopback address, such as {@code 127.0.0.2}: to
	 * the server, another client machine.
	 * @param localAddress the address to connect from
	 * @param port the server port on 127.0.0.1
	 * @param target the request target
	 * @param headers extra header lines
	 * @return the upgraded socket
	 * @throws IOException on a connection failure, or if the server does not answer 101
	 */
	public static Socket openFrom(String localAddress, int port, String target, String... headers)
			throws IOException {
		Socket socket = new Socket();
		socket.bind(new java.net.InetSocketAddress(localAddress, 0));
		socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
		return open(socket, port, target, headers);
	}

	private static Socket open(Socket socket, int port, String target, String... headers) throws IOException {
		socket.setSoTimeout(5000);
		socket.getOutputStream().write(withHeaders(request(port, target), headers).getBytes(StandardCharsets.ISO_8859_1));
		InputStream in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int read = in.read();
			if (read < 0) {
				socket.close();
				throw new IOException("Connection closed during the handshake: " + head);
			}
			head.append((char) read);
		}
		if (!head.toString().startsWith("HTTP/1.1 101")) {
			socket.close();
			throw new IOException("Upgrade refused: " + head);
		}
		return socket;
	}

	private static String request(int port, String target) {
		return "GET " + target + " HTTP/1.1\r\nHost: localhost:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
	}

	/**
	 * Send an upgrade request with extra headers and return the status line.
	 * @param port the server port on localhost
	 * @param target the request target
	 * @param headers extra header lines, such as {@code Origin: https://evil.example}
	 * @return the response as ISO-8859-1 text
	 * @throws IOException on a connection failure
	 */
	public static String send(int port, String target, String... headers) throws IOException {
		return exchange(port, withHeaders(request(port, target), headers));
	}

	private static String withHeaders(String request, String... headers) {
		StringBuilder extra = new StringBuilder();
		for (String header : headers) {
			extra.append(header).append("\r\n");
		}
		return request.substring(0, request.length() - 2) + extra + "\r\n";
	}

	/**
	 * Send an upgrade request.
	 * @param port the server port on localhost
	 * @param target the request target, sent byte for byte
	 * @return the response as ISO-8859-1 text
	 * @throws IOException on a connection failure
	 */
	public static String send(int port, String target) throws IOException {
		return exchange(port, request(port, target));
	}

	private static String exchange(int port, String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(1000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			try {
				int read;
				while ((read = in.read(buffer)) > 0) {
					received.write(buffer, 0, read);
				}
			}
			catch (SocketTimeoutException ex) {
				// the server keeps an upgraded connection open
			}
			return received.toString(StandardCharsets.ISO_8859_1);
		}
	}

}
