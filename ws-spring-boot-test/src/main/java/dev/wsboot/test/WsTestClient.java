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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A WebSocket client for the application under test, as {@code WebTestClient} is for
 * HTTP: it connects to a path of the application, with the handshake's headers,
 * {@code Origin}, credentials and subprotocols, and returns a
 * {@link WsTestConnection} to send and await messages on.
 * <p>
 * In a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} (or {@code DEFINED_PORT})
 * test, one is defined for the server's port and can be injected:
 *
 * <pre class="code">
 * &#064;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * class ChatTests {
 *
 *     &#064;Autowired
 *     WsTestClient client;
 *
 *     &#064;Test
 *     void saysHello() {
 *         try (WsTestConnection ada = this.client.connect("/chat/lobby?user=ada")) {
 *             ada.request("say", Map.of("text", "hello"), "1");
 *             ada.awaitType("message");
 *         }
 *     }
 *
 * }
 * </pre>
 *
 * Instances are immutable: {@link #header}, {@link #origin}, {@link #basicAuth},
 * {@link #bearerToken}, {@link #subprotocols} and {@link #timeout} return a new client.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class WsTestClient {

	private final URI baseUri;

	private final Map<String, String> headers;

	private final List<String> subprotocols;

	private final Duration timeout;

	private final HttpClient http;

	private WsTestClient(URI baseUri, Map<String, String> headers, List<String> subprotocols, Duration timeout,
			HttpClient http) {
		this.baseUri = baseUri;
		this.headers = Map.copyOf(headers);
		this.subprotocols = List.copyOf(subprotocols);
		this.timeout = timeout;
		this.http = http;
	}

	/**
	 * Create a client for a server.
	 * @param baseUri the server's base URI, such as {@code ws://localhost:8080} (a path,
	 * such as a context path, is kept)
	 * @return the client
	 */
	public static WsTestClient create(String baseUri) {
		Assert.hasText(baseUri, "'baseUri' must not be empty");
		URI uri = URI.create(baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri);
		Assert.isTrue("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme()),
				() -> "The base URI must be ws:// or wss://, not " + baseUri);
		return new WsTestClient(uri, Map.of(), List.of(), WsTestConnection.TIMEOUT, HttpClient.newHttpClient());
	}

	/**
	 * Return the server's base URI.
	 * @return the base URI
	 */
	public URI baseUri() {
		return this.baseUri;
	}

	/**
	 * Return a client that sends a handshake header.
	 * @param name the header name
	 * @param value its value
	 * @return a new client
	 */
	public WsTestClient header(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new WsTestClient(this.baseUri, headers, this.subprotocols, this.timeout, this.http);
	}

	/**
	 * Return a client that sends an {@code Origin}, as a browser does.
	 * @param origin the origin, such as {@code https://chat.example.com}
	 * @return a new client
	 */
	public WsTestClient origin(String origin) {
		return header("Origin", origin);
	}

	/**
	 * Return a client that authenticates with HTTP Basic.
	 * @param user the user name
	 * @param password the password
	 * @return a new client
	 */
	public WsTestClient basicAuth(String user, String password) {
		return header("Authorization", "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Return a client that sends a bearer token.
	 * @param token the token
	 * @return a new client
	 */
	public WsTestClient bearerToken(String token) {
		return header("Authorization", "Bearer " + token);
	}

	/**
	 * Return a client that offers subprotocols ({@code Sec-WebSocket-Protocol}).
	 * @param subprotocols the subprotocols, most preferred first
	 * @return a new client
	 */
	public WsTestClient subprotocols(String... subprotocols) {
		return new WsTestClient(this.baseUri, this.headers, List.of(subprotocols), this.timeout, this.http);
	}

	/**
	 * Return a client whose connections wait this long to connect and in each await.
	 * @param timeout the timeout
	 * @return a new client
	 */
	public WsTestClient timeout(Duration timeout) {
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
		return new WsTestClient(this.baseUri, this.headers, this.subprotocols, timeout, this.http);
	}

	/**
	 * Connect to a path of the server.
	 * @param pathAndQuery the path and query, such as {@code /chat/lobby?user=ada}
	 * @return the open connection, to close after use
	 * @throws IllegalStateException if the handshake is refused or the server does not
	 * answer in time
	 */
	public WsTestConnection connect(String pathAndQuery) {
		URI uri = uri(pathAndQuery);
		WsTestConnection.Listener listener = new WsTestConnection.Listener();
		WebSocket.Builder builder = this.http.newWebSocketBuilder().connectTimeout(this.timeout);
		this.headers.forEach(builder::header);
		if (!this.subprotocols.isEmpty()) {
			builder.subprotocols(this.subprotocols.get(0),
					this.subprotocols.subList(1, this.subprotocols.size()).toArray(String[]::new));
		}
		try {
			WebSocket webSocket = builder.buildAsync(uri, listener)
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return new WsTestConnection(webSocket, listener, this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while connecting to " + uri, ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not connect to " + uri + ": " + ex, ex);
		}
	}

	/**
	 * Try to connect to a path and return why the handshake failed; a connection that
	 * opens is closed at once.
	 * @param pathAndQuery the path and query
	 * @return the failure, such as a {@code java.net.http.WebSocketHandshakeException}
	 * whose response carries the HTTP status, or {@code null} if the connection opened
	 */
	public @Nullable Throwable refusal(String pathAndQuery) {
		try (WsTestConnection connection = connect(pathAndQuery)) {
			return null;
		}
		catch (IllegalStateException ex) {
			return (ex.getCause() != null && ex.getCause().getCause() != null) ? ex.getCause().getCause()
					: ex.getCause();
		}
	}

	private URI uri(String pathAndQuery) {
		Assert.isTrue(pathAndQuery.startsWith("/"), () -> "The path must start with '/', not " + pathAndQuery);
		return URI.create(this.baseUri + pathAndQuery);
	}

}
