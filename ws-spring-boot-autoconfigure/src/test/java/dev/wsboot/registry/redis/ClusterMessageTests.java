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


package dev.wsboot.registry.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.redis.ClusterMessage.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The frame nodes publish to each other: round trips byte for byte, and refuses
 * anything else.
 */
class ClusterMessageTests {

	@ParameterizedTest
	@ValueSource(strings = { "plain", "😀 emoji", "👩‍👩‍👧 zwj", "a\u0301 combining", "\u200f rtl", "\u0000 nul \uffff \ufeff", "" })
	void textRoundTripsByteForByte(String text) {
		ClusterMessage message = ClusterMessage.delivery(Kind.ROOM, "node.1", "room é", List.of("node.1-1", "node.2-9"),
				OutboundMessage.text(text));
		ClusterMessage read = ClusterMessage.fromBytes(message.toBytes());
		assertThat(read.kind()).isEqualTo(Kind.ROOM);
		assertThat(read.origin()).isEqualTo("node.1");
		assertThat(read.target()).isEqualTo("room é");
		assertThat(read.excluded()).containsExactly("node.1-1", "node.2-9");
		assertThat(Arrays.equals(read.message().bytes(), text.getBytes(StandardCharsets.UTF_8))).isTrue();
	}

	@Test
	void binaryAndControlMessagesRoundTrip() {
		byte[] bytes = { 0, 1, (byte) 0xff, 42 };
		ClusterMessage binary = ClusterMessage.fromBytes(
				ClusterMessage.delivery(Kind.CONNECTION, "n", "n-1", List.of(), OutboundMessage.binary(bytes)).toBytes());
		assertThat(binary.message().isText()).isFalse();
		assertThat(binary.message().bytes()).containsExactly(bytes);
		ClusterMessage control = ClusterMessage.fromBytes(ClusterMessage.control(Kind.CLOSE, "n", "n-1", "1001").toBytes());
		assertThat(control.argument()).isEqualTo("1001");
		assertThat(control.message()).isNull();
	}

	@Test
	void headersRoundTripAndAMessageWithoutThemHasNoTrailingSection() {
		ClusterMessage plain = ClusterMessage.delivery(Kind.ROOM, "n", "r", List.of(), OutboundMessage.text("x"));
		Map<String, String> trace = Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		ClusterMessage traced = plain.withHeaders(trace);
		assertThat(ClusterMessage.fromBytes(traced.toBytes()).headers()).isEqualTo(trace);
		assertThat(ClusterMessage.fromBytes(plain.toBytes()).headers()).isEmpty();
		assertThat(traced.toBytes()).startsWith(plain.toBytes());
	}

	@Test
	void headersBeyondTheirBoundsAreLeftOutWhenWrittenAndRefusedWhenRead() {
		ClusterMessage plain = ClusterMessage.delivery(Kind.ROOM, "n", "r", List.of(), OutboundMessage.text("x"));
		Map<String, String> many = new LinkedHashMap<>();
		for (int i = 0; i < 40; i++) {
			many.put("h" + i, "v");
		}
		many.put("x".repeat(ClusterMessage.MAX_HEADER_NAME + 1), "v");
		many.put("big", "v".repeat(ClusterMessage.MAX_HEADER_VALUE + 1));
		assertThat(plain.withHeaders(many).headers()).hasSize(ClusterMessage.MAX_HEADERS);
		byte[] body = plain.toBytes();
		// a count of headers past the bound, or of none, or a header cut short
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClusterMessage.fromBytes(append(body, new byte[] { (byte) (ClusterMessage.MAX_HEADERS + 1) })));
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessage.fromBytes(append(body, new byte[] { 0 })));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClusterMessage.fromBytes(append(body, new byte[] { 1, 0, 5, 'a' })));
		byte[] oversized = plain.withHeaders(Map.of("k", "v")).toBytes();
		byte[] hostile = append(Arrays.copyOf(oversized, oversized.length - 3), new byte[] { 0x7f, (byte) 0xff });
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessage.fromBytes(hostile));
	}

	private static byte[] append(byte[] first, byte[] second) {
		byte[] all = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	@Test
	void garbageIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessage.fromBytes(new byte[0]));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClusterMessage.fromBytes("not a message".getBytes(StandardCharsets.UTF_8)));
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessage.fromBytes(new byte[] { 1, 99 }));
		byte[] valid = ClusterMessage.delivery(Kind.ALL, "n", "", List.of(), OutboundMessage.text("x")).toBytes();
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessage.fromBytes(Arrays.copyOf(valid, valid.length - 1)));
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessage.fromBytes(Arrays.copyOf(valid, valid.length + 1)));
		byte[] hugeLength = valid.clone();
		hugeLength[valid.length - 5] = 0x7f;
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessage.fromBytes(hugeLength));
	}

	@Test
	void tooLongANameIsRefusedBeforePublishing() {
		ClusterMessage message = ClusterMessage.delivery(Kind.ROOM, "n", "r".repeat(70_000), List.of(),
				OutboundMessage.text("x"));
		assertThatIllegalArgumentException().isThrownBy(message::toBytes);
	}

}
