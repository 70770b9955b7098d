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


package dev.wsboot.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Envelope;
import dev.wsboot.protocol.ErrorCode;
import dev.wsboot.protocol.Event;
import dev.wsboot.protocol.JacksonPayloadCodec;
import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.protocol.PayloadBindingException;
import dev.wsboot.protocol.PayloadCodec;
import dev.wsboot.test.WsTestConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broadcast encodes its payload once whatever the room size, and concurrent senders to
 * one connection each keep their order through the single-writer outbound path.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(EncodeOnceIntegrationTests.CountingCodecConfiguration.class)
class EncodeOnceIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Autowired
	CountingCodec codec;

	private WsTestConnection join(String room, String user) {
		WsTestConnection client = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/" + room + "?user=" + user);
		client.awaitType("welcome");
		return client;
	}

	@Test
	void broadcastToARoomEncodesThePayloadOnce() {
		List<WsTestConnection> members = new ArrayList<>();
		try {
			for (int i = 0; i < 20; i++) {
				members.add(join("encode", "m" + i));
			}
			int before = this.codec.encodings.get();
			this.messenger.sendToRoom("encode", Event.of("big", Map.of("payload", "p".repeat(10_000))));
			assertThat(this.codec.encodings.get() - before).isEqualTo(1);
			for (WsTestConnection member : members) {
				assertThat(member.awaitType("big").get("data").get("payload").asString()).hasSize(10_000);
			}
		}
		finally {
			members.forEach(WsTestConnection::close);
		}
	}

	@Test
	void concurrentSendersToOneConnectionEachKeepTheirOrder() throws Exception {
		int senders = 6;
		int messages = 300;
		try (WsTestConnection client = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/target?user=t")) {
			String id = client.awaitType("welcome").get("data").get("id").asString();
			ExecutorService executor = Executors.newFixedThreadPool(senders);
			try {
				List<CompletableFuture<Void>> sends = new ArrayList<>();
				for (int s = 0; s < senders; s++) {
					int sender = s;
					sends.add(CompletableFuture.runAsync(() -> {
						for (int i = 0; i < messages; i++) {
							assertThat(this.messenger.sendTo(id, sender + ":" + i)).isTrue();
						}
					}, executor));
				}
				CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			}
			finally {
				executor.shutdownNow();
			}
			int[] next = new int[senders];
			for (int i = 0; i < senders * messages; i++) {
				String text = client.awaitText((received) -> received.matches("\\d+:\\d+"));
				int sender = Integer.parseInt(text.substring(0, text.indexOf(':')));
				int sequence = Integer.parseInt(text.substring(text.indexOf(':') + 1));
				assertThat(sequence).as("message of sender " + sender).isEqualTo(next[sender]);
				next[sender]++;
			}
			assertThat(next).containsOnly(messages);
		}
	}

	@Test
	void broadcastsAndDirectSendsFromOneThreadArriveInTheOrderSent() {
		List<WsTestConnection> members = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				members.add(join("order", "o" + i));
			}
			WsTestConnection target = members.get(0);
			String id = this.messenger.members("order").stream()
				.filter((member) -> "o0".equals(member.user()))
				.findFirst()
				.orElseThrow()
				.connectionId();
			for (int i = 0; i < 500; i++) {
				this.messenger.sendToRoom("order", "b" + i);
				assertThat(this.messenger.sendTo(id, "d" + i)).isTrue();
			}
			for (int i = 0; i < 500; i++) {
				assertThat(target.awaitText((text) -> text.matches("[bd]\\d+"))).isEqualTo("b" + i);
				assertThat(target.awaitText((text) -> text.matches("[bd]\\d+"))).isEqualTo("d" + i);
			}
			for (WsTestConnection member : members.subList(1, members.size())) {
				for (int i = 0; i < 500; i++) {
					assertThat(member.awaitText((text) -> text.matches("b\\d+"))).isEqualTo("b" + i);
				}
			}
		}
		finally {
			members.forEach(WsTestConnection::close);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CountingCodecConfiguration {

		@Bean
		CountingCodec countingCodec() {
			return new CountingCodec(new JacksonPayloadCodec(JsonMapper.shared(), "action"));
		}

	}

	static class CountingCodec implements PayloadCodec {

		private final PayloadCodec delegate;

		final AtomicInteger encodings = new AtomicInteger();

		CountingCodec(PayloadCodec delegate) {
			this.delegate = delegate;
		}

		@Override
		public Envelope read(String text) {
			return this.delegate.read(text);
		}

		@Override
		public @Nullable Object bind(@Nullable JsonNode payload, java.lang.reflect.Type type)
				throws PayloadBindingException {
			return this.delegate.bind(payload, type);
		}

		@Override
		public OutboundMessage encode(Object payload) {
			this.encodings.incrementAndGet();
			return this.delegate.encode(payload);
		}

		@Override
		public OutboundMessage encodeReply(JsonNode id, @Nullable Object payload) {
			return this.delegate.encodeReply(id, payload);
		}

		@Override
		public OutboundMessage encodeError(ErrorCode code, String message, @Nullable JsonNode id) {
			return this.delegate.encodeError(code, message, id);
		}

	}

}
