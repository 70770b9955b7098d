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

package dev.wsboot.internal.endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.util.unit.DataSize;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import dev.wsboot.annotation.OnMessage;
import dev.wsboot.annotation.PathParam;
import dev.wsboot.annotation.WebSocketEndpoint;
import dev.wsboot.connection.Connection;
import dev.wsboot.internal.connection.DefaultConnection.SendLimits;
import dev.wsboot.internal.connection.WriteLanes;
import dev.wsboot.internal.observability.WsMetrics;
import dev.wsboot.protocol.Event;
import dev.wsboot.protocol.JacksonPayloadCodec;
import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.protocol.PayloadCodec;
import dev.wsboot.registry.memory.InMemoryConnectionRegistry;

/**
 * What the starter costs per message beyond the container: the whole inbound path of the
 * endpoint handler (partial-message assembly, rate limit, envelope parse, routing,
 * argument binding, invocation and the reply), and the encoding of a broadcast. The
 * session is a stand-in that drops what is sent to it, so that no I/O is measured. Run
 * with {@code benchmarks/bench jmh HandlerBenchmark}.
 *
 * @author wsboot
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandlerBenchmark {

	private static final TextMessage TYPED = new TextMessage(
			"{\"action\":\"move\",\"data\":{\"x\":12,\"y\":-7,\"piece\":\"knight\"}}");

	private static final TextMessage TYPED_WITH_REPLY = new TextMessage(
			"{\"action\":\"ack\",\"id\":\"42\",\"data\":{\"x\":12,\"y\":-7,\"piece\":\"knight\"}}");

	private static final TextMessage PLAIN = new TextMessage("M|123456789|42|xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");

	private EndpointWebSocketHandler handler;

	private WriteLanes lanes;

	private StandInSession session;

	private PayloadCodec codec;

	private Event event;

	/**
	 * Build the handler of {@link BenchEndpoint} as the starter does, and open one
	 * connection to it.
	 */
	@Setup
	public void setUp() {
		this.codec = new JacksonPayloadCodec(JsonMapper.builder().build(), "action");
		EndpointDefinition definition = new EndpointDefinitionFactory(this.codec,
				DefaultConversionService.getSharedInstance())
			.create("benchEndpoint", new BenchEndpoint());
		EndpointSettings settings = new EndpointSettings(64 * 1024, new SendLimits(10_000, 512 * 1024), List.of(),
				new RateLimitSettings(true, 1e9, 1_000_000_000, Duration.ofSeconds(3), 1000), Duration.ofSeconds(25),
				Duration.ofSeconds(35), false, 0, 0);
		this.lanes = new WriteLanes(1, Duration.ofMillis(20), 64, DataSize.ofMegabytes(64), 1, Duration.ZERO);
		this.handler = new EndpointWebSocketHandler(definition, new InMemoryConnectionRegistry(), this.codec, settings,
				this.lanes, new ConnectionAdmission(0, 0), WsMetrics.NONE, MessageObservations.NONE);
		this.session = new StandInSession();
		this.handler.afterConnectionEstablished(this.session);
		this.event = Event.of("moved", new Move(12, -7, "knight"));
	}

	/**
	 * A typed payload: parse, route, bind a record, invoke a void method.
	 */
	@Benchmark
	public void typedMessage() {
		this.handler.handleMessage(this.session, TYPED);
	}

	/**
	 * A typed payload whose method returns a reply, sent with {@code replyTo}.
	 */
	@Benchmark
	public void typedMessageWithReply() {
		this.handler.handleMessage(this.session, TYPED_WITH_REPLY);
	}

	/**
	 * A plain text message to the default route, as the bench protocol sends.
	 */
	@Benchmark
	public void plainTextMessage() {
		this.handler.handleMessage(this.session, PLAIN);
	}

	/**
	 * Encoding a broadcast: one event to JSON, once for all members.
	 * @param blackhole keeps the result
	 */
	@Benchmark
	public void encodeBroadcast(Blackhole blackhole) {
		OutboundMessage message = this.codec.encode(this.event);
		blackhole.consume(message.utf8());
	}

	/**
	 * A move on a board.
	 * @param x the column
	 * @param y the row
	 * @param piece the piece
	 */
	public record Move(int x, int y, String piece) {
	}

	/**
	 * The endpoint under test.
	 */
	@WebSocketEndpoint("/bench/{board}")
	static class BenchEndpoint {

		long moves;

		@OnMessage("move")
		void move(Connection connection, @PathParam String board, Move move) {
			this.moves += move.x();
		}

		@OnMessage("ack")
		Move ack(Move move) {
			return move;
		}

		@OnMessage
		void text(String text) {
			this.moves += text.length();
		}

	}

	/**
	 * A session that drops what is sent to it.
	 */
	static final class StandInSession implements WebSocketSession {

		private final Map<String, Object> attributes = new HashMap<>(Map.of(
				"dev.wsboot.internal.endpoint.EndpointHandshakeInterceptor.pathVariables", Map.of("board", "b1")));

		long sent;

		@Override
		public String getId() {
			return "bench-session";
		}

		@Override
		public URI getUri() {
			return URI.create("ws://localhost/bench/b1?user=u");
		}

		@Override
		public HttpHeaders getHandshakeHeaders() {
			return new HttpHeaders();
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

		@Override
		public @Nullable Principal getPrincipal() {
			return null;
		}

		@Override
		public @Nullable InetSocketAddress getLocalAddress() {
			return null;
		}

		@Override
		public @Nullable InetSocketAddress getRemoteAddress() {
			return null;
		}

		@Override
		public @Nullable String getAcceptedProtocol() {
			return null;
		}

		@Override
		public void setTextMessageSizeLimit(int messageSizeLimit) {
		}

		@Override
		public int getTextMessageSizeLimit() {
			return 64 * 1024;
		}

		@Override
		public void setBinaryMessageSizeLimit(int messageSizeLimit) {
		}

		@Override
		public int getBinaryMessageSizeLimit() {
			return 64 * 1024;
		}

		@Override
		public List<WebSocketExtension> getExtensions() {
			return List.of();
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) throws IOException {
			this.sent += message.getPayloadLength();
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public void close() {
		}

		@Override
		public void close(CloseStatus status) {
		}

	}

}
