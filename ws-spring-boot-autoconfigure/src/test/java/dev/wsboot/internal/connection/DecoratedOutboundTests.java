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

package dev.wsboot.internal.connection;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.wsboot.protocol.JacksonPayloadCodec;
import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.memory.InMemoryConnectionRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbound path on a container that is not Tomcat ({@link DecoratedOutbound}): no
 * such container is on the test classpath, so a session of Spring's interface that
 * records what it is asked stands in for one.
 */
class DecoratedOutboundTests {

	private final WriteLanes lanes = new WriteLanes(1, Duration.ofMillis(20), 4, DataSize.ofKilobytes(64), 1,
			Duration.ofSeconds(1));

	private final List<WebSocketMessage<?>> sent = new CopyOnWriteArrayList<>();

	private final AtomicReference<CloseStatus> closedWith = new AtomicReference<>();

	private final AtomicBoolean open = new AtomicBoolean(true);

	@AfterEach
	void stopLanes() {
		this.lanes.stop();
	}

	private DefaultConnection connection() {
		Map<String, Object> attributes = new ConcurrentHashMap<>();
		WebSocketSession session = (WebSocketSession) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { WebSocketSession.class }, (proxy, method, args) -> switch (method.getName()) {
					case "getId" -> "s1";
					case "isOpen" -> this.open.get();
					case "getUri" -> URI.create("ws://localhost/rooms/r?user=ada");
					case "getAttributes" -> attributes;
					case "getHandshakeHeaders" -> new HttpHeaders();
					case "getTextMessageSizeLimit", "getBinaryMessageSizeLimit" -> 65536;
					case "sendMessage" -> {
						this.sent.add((WebSocketMessage<?>) args[0]);
						yield null;
					}
					case "close" -> {
						this.closedWith.set((args != null && args.length == 1) ? (CloseStatus) args[0] : CloseStatus.NORMAL);
						this.open.set(false);
						yield null;
					}
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "toString" -> "session s1";
					default -> null;
				});
		return new DefaultConnection("n-1", session, "/rooms/{room}", Map.of("room", "r"),
				new InMemoryConnectionRegistry("n"), new JacksonPayloadCodec(new JsonMapper(), "action"),
				new DefaultConnection.SendLimits(1000, 64 * 1024), this.lanes, Set.of("user"));
	}

	@Test
	void messagesGoOutThroughTheDecoratorOnTheSendingThread() {
		DefaultConnection connection = connection();
		assertThat(connection.outboundQueue()).isNull();
		connection.deliver(OutboundMessage.text("{\"type\":\"hello\"}"));
		assertThat(this.sent).singleElement()
			.satisfies((message) -> assertThat(((TextMessage) message).getPayload()).isEqualTo("{\"type\":\"hello\"}"));
	}

	@Test
	void aCloseIsRecordedWithItsReasonCutToFitACloseFrame() {
		DefaultConnection connection = connection();
		connection.close(CloseStatus.GOING_AWAY.withReason("é".repeat(100)));
		CloseStatus status = this.closedWith.get();
		assertThat(status.getCode()).isEqualTo(1001);
		assertThat(status.getReason().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(123);
		assertThat(connection.closedByServer()).isEqualTo(status);
	}

	@Test
	void nothingIsSentOnceTheSessionIsClosed() {
		DefaultConnection connection = connection();
		this.open.set(false);
		connection.deliver(OutboundMessage.text("late"));
		assertThat(this.sent).isEmpty();
	}

}
