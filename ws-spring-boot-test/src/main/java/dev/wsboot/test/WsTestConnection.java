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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One WebSocket connection of a test, on the JDK's {@link java.net.http.WebSocket}: send
 * text, binary and envelopes, await the next message of a type, the reply to an id, an
 * error frame or the close code, or assert that nothing arrives for a while. Every await
 * has a timeout and fails with what was received instead. Open one with
 * {@link WsTestClient#connect}, or with {@link #connect(String)} for a full URI.
 *
 * <p>
 * Received messages are kept in arrival order; each {@code await} takes the first one
 * that matches and leaves the others for later awaits.
 *
 * @author wsboot
 */
public final class WsTestConnection implements AutoCloseable {

	/**
	 * Default time an await waits.
	 */
	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = new JsonMapper();

	private final WebSocket webSocket;

	private final Listener listener;

	private final Duration timeout;

	WsTestConnection(WebSocket webSocket, Listener listener, Duration timeout) {
		this.webSocket = webSocket;
		this.listener = listener;
		this.timeout = timeout;
	}

	/**
	 * Connect to a WebSocket endpoint.
	 * @param uri the URI, for example {@code ws://localhost:8080/chat/lobby?user=ada}
	 * @return the connected client
	 */
	public static WsTestConnection connect(String uri) {
		return connect(uri, Map.of());
	}

	/**
	 * Connect to a WebSocket endpoint with extra handshake headers.
	 * @param uri the URI
	 * @param headers the headers to add, such as {@code Origin}
	 * @return the connected client
	 */
	public static WsTestConnection connect(String uri, Map<String, String> headers) {
		Listener listener = new Listener();
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT);
		headers.forEach(builder::header);
		try {
			WebSocket webSocket = builder.buildAsync(URI.create(uri), listener).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return new WsTestConnection(webSocket, listener, TIMEOUT);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not connect to " + uri + ": " + ex, ex);
		}
	}

	/**
	 * Try to connect and return the failure instead of throwing it.
	 * @param uri the URI
	 * @param headers the handshake headers
	 * @return the failure, or {@code null} if the connection opened (it is then closed)
	 */
	public static @Nullable Throwable connectFailure(String uri, Map<String, String> headers) {
		try (WsTestConnection client = connect(uri, headers)) {
			return null;
		}
		catch (IllegalStateException ex) {
			return ex.getCause();
		}
	}

	/**
	 * Send a text message as it is.
	 * @param text the text
	 * @return this client
	 */
	public WsTestConnection send(String text) {
		join(this.webSocket.sendText(text, true));
		return this;
	}

	/**
	 * Send a text message in fragments, one WebSocket frame per part.
	 * @param parts the parts
	 * @return this client
	 */
	public WsTestConnection sendFragments(List<String> parts) {
		for (int i = 0; i < parts.size(); i++) {
			join(this.webSocket.sendText(parts.get(i), i == parts.size() - 1));
		}
		return this;
	}

	/**
	 * Send a binary message.
	 * @param bytes the content
	 * @return this client
	 */
	public WsTestConnection sendBinary(byte[] bytes) {
		join(this.webSocket.sendBinary(ByteBuffer.wrap(bytes), true));
		return this;
	}

	/**
	 * Send an envelope {@code {"action":..,"data":..,"id":..}}.
	 * @param action the route
	 * @param data the data, or {@code null} to leave it out
	 * @param id the id, or {@code null} to leave it out
	 * @return this client
	 */
	public WsTestConnection sendEnvelope(String action, @Nullable Object data, @Nullable String id) {
		ObjectNode envelope = JSON.createObjectNode();
		envelope.put("action", action);
		if (data != null) {
			envelope.set("data", JSON.valueToTree(data));
		}
		if (id != null) {
			envelope.put("id", id);
		}
		return send(JSON.writeValueAsString(envelope));
	}

	/**
	 * Send an envelope and await the reply to it.
	 * @param action the route
	 * @param data the data, or {@code null}
	 * @param id the id
	 * @return the reply's {@code data}
	 */
	public JsonNode request(String action, @Nullable Object data, String id) {
		sendEnvelope(action, data, id);
		return awaitReply(id).get("data");
	}

	/**
	 * Await the next event of a type, {@code {"type":TYPE,...}}.
	 * @param type the type
	 * @return the whole event
	 */
	public JsonNode awaitType(String type) {
		return awaitJson((json) -> type.equals(json.path("type").asString(null)), "a message of type '" + type + "'");
	}

	/**
	 * Await the reply to an id, {@code {"replyTo":ID,...}}.
	 * @param id the id
	 * @return the whole reply
	 */
	public JsonNode awaitReply(String id) {
		return awaitJson((json) -> json.has("replyTo") && id.equals(json.get("replyTo").asString()),
				"the reply to '" + id + "'");
	}

	/**
	 * Await the next error frame with a code.
	 * @param code the code, such as {@code bad_request}
	 * @return the whole error frame
	 */
	public JsonNode awaitError(String code) {
		return awaitJson((json) -> "error".equals(json.path("type").asString(null))
				&& code.equals(json.path("code").asString(null)), "an error frame with code '" + code + "'");
	}

	/**
	 * Await the next JSON message that matches.
	 * @param condition the condition
	 * @param description what is awaited, for the failure message
	 * @return the message
	 */
	public JsonNode awaitJson(Predicate<JsonNode> condition, String description) {
		Received received = await((message) -> message.json() != null && condition.test(message.json()), description);
		return received.json();
	}

	/**
	 * Await the next text message that matches.
	 * @param condition the condition on the raw text
	 * @return the text
	 */
	public String awaitText(Predicate<String> condition) {
		return await((message) -> message.text() != null && condition.test(message.text()), "a matching text message")
			.text();
	}

	/**
	 * Await the next binary message.
	 * @return its content
	 */
	public byte[] awaitBinary() {
		return await((message) -> message.binary() != null, "a binary message").binary();
	}

	/**
	 * Await the close of the connection by the server.
	 * @return the close status code
	 */
	public int awaitClose() {
		return awaitCloseStatus().code();
	}

	/**
	 * Await the close of the connection by the server.
	 * @return the close status code and reason
	 */
	public Close awaitCloseStatus() {
		try {
			return this.listener.closed.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("Connection not closed within " + this.timeout + "; received " + received(), ex);
		}
	}

	/**
	 * Whether the connection has been closed by the server (or failed).
	 * @return {@code true} if closed
	 */
	public boolean isClosed() {
		return this.listener.closed.isDone();
	}

	/**
	 * Return what has been received and not yet taken by an await.
	 * @return the messages, oldest first
	 */
	public List<Received> received() {
		synchronized (this.listener) {
			return List.copyOf(this.listener.messages);
		}
	}

	/**
	 * Assert that nothing arrives for a while: no message and no close. Fails as soon as
	 * something does, with what it was.
	 * @param quiet how long nothing may arrive
	 * @return this connection
	 */
	public WsTestConnection expectNothingFor(Duration quiet) {
		long deadline = System.nanoTime() + quiet.toNanos();
		synchronized (this.listener) {
			while (true) {
				if (!this.listener.messages.isEmpty()) {
					throw new AssertionError("Expected nothing for " + quiet + " but received " + this.listener.messages);
				}
				if (this.listener.closed.isDone()) {
					throw new AssertionError(
							"Expected nothing for " + quiet + " but the connection closed: " + this.listener.closed.getNow(null));
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return this;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.listener, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("Interrupted", ex);
				}
			}
		}
	}

	/**
	 * Return the subprotocol the server chose.
	 * @return the subprotocol, or an empty string if none
	 */
	public String subprotocol() {
		return this.webSocket.getSubprotocol();
	}

	private Received await(Predicate<Received> condition, String description) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		synchronized (this.listener) {
			while (true) {
				Iterator<Received> iterator = this.listener.messages.iterator();
				while (iterator.hasNext()) {
					Received message = iterator.next();
					if (condition.test(message)) {
						iterator.remove();
						return message;
					}
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 || (this.listener.closed.isDone())) {
					throw new AssertionError("Expected " + description + " within " + this.timeout + " but received "
							+ this.listener.messages + (this.listener.closed.isDone() ? " before the close "
									+ this.listener.closed.getNow(null) : ""));
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.listener, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("Interrupted", ex);
				}
			}
		}
	}

	private void join(CompletableFuture<?> future) {
		try {
			future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Send failed: " + ex, ex);
		}
	}

	/**
	 * Close the connection normally, without waiting for the server's answer.
	 */
	@Override
	public void close() {
		if (!this.webSocket.isOutputClosed()) {
			this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
		}
	}

	/**
	 * Drop the TCP connection without a close frame.
	 */
	public void abort() {
		this.webSocket.abort();
	}

	/**
	 * A received message: text (and its JSON, if it parses) or binary.
	 *
	 * @param text the text, or {@code null} for a binary message
	 * @param json the parsed JSON, or {@code null}
	 * @param binary the content of a binary message, or {@code null}
	 */
	public record Received(@Nullable String text, @Nullable JsonNode json, byte @Nullable [] binary) {

		@Override
		public String toString() {
			return (this.text != null) ? abbreviate(this.text) : "binary[" + this.binary.length + "]";
		}

		private static String abbreviate(String text) {
			return (text.length() <= 200) ? text : text.substring(0, 200) + "...(" + text.length() + " chars)";
		}

	}

	/**
	 * How the server closed the connection.
	 *
	 * @param code the status code
	 * @param reason the reason
	 */
	public record Close(int code, String reason) {

	}

	static final class Listener implements WebSocket.Listener {

		private final List<Received> messages = new ArrayList<>();

		private final CompletableFuture<Close> closed = new CompletableFuture<>();

		private StringBuilder text = new StringBuilder();

		private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String message = this.text.toString();
				this.text = new StringBuilder();
				add(new Received(message, parse(message), null));
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] chunk = new byte[data.remaining()];
			data.get(chunk);
			this.binary.writeBytes(chunk);
			if (last) {
				add(new Received(null, null, this.binary.toByteArray()));
				this.binary = new java.io.ByteArrayOutputStream();
			}
			webSocket.request(1);
			return null;
		}

		private static @Nullable JsonNode parse(String text) {
			try {
				return JSON.readTree(text);
			}
			catch (RuntimeException ex) {
				return null;
			}
		}

		private synchronized void add(Received message) {
			this.messages.add(message);
			notifyAll();
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			synchronized (this) {
				this.closed.complete(new Close(statusCode, reason));
				notifyAll();
			}
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			synchronized (this) {
				this.closed.complete(new Close(1006, String.valueOf(error)));
				notifyAll();
			}
		}

	}

}
