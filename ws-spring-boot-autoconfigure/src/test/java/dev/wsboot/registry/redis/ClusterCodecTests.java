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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.redis.ClusterCodec.Decoded;
import dev.wsboot.registry.redis.ClusterCodec.Rejection;
import dev.wsboot.registry.redis.ClusterMessage.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterCodec}: the cluster identity, the signature, and replays.
 */
class ClusterCodecTests {

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8);

	private static final byte[] OTHER_SECRET = "another secret of more than thirty-two bytes"
		.getBytes(StandardCharsets.UTF_8);

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	private ClusterCodec codec(String cluster, byte[] secret) {
		return new ClusterCodec(cluster, secret, null, Duration.ofSeconds(30), this.clock::get);
	}

	private static ClusterMessage broadcast(String text) {
		return ClusterMessage.delivery(Kind.ROOM, "node.1", "lobby", List.of(), OutboundMessage.text(text));
	}

	@Test
	void aMessageOfTheClusterIsReadBack() {
		ClusterCodec codec = new ClusterCodec("chat", null, null, Duration.ofSeconds(30), this.clock::get);
		Decoded decoded = codec.decode(codec.encode(broadcast("hi")));
		assertThat(decoded.rejection()).isNull();
		assertThat(decoded.message().message().text()).isEqualTo("hi");
		assertThat(decoded.message().target()).isEqualTo("lobby");
	}

	@Test
	void aMessageOfAnotherClusterIsRejected() {
		ClusterCodec chat = new ClusterCodec("chat", null, null, Duration.ofSeconds(30), this.clock::get);
		ClusterCodec other = new ClusterCodec("other", null, null, Duration.ofSeconds(30), this.clock::get);
		assertThat(chat.decode(other.encode(broadcast("hi"))).rejection()).isEqualTo(Rejection.OTHER_CLUSTER);
	}

	@Test
	void malformedAndTruncatedFramesAreRejectedAsUnreadable() {
		ClusterCodec codec = codec("chat", SECRET);
		byte[] frame = codec.encode(broadcast("hi"));
		assertThat(codec.decode(new byte[0]).rejection()).isEqualTo(Rejection.UNREADABLE);
		assertThat(codec.decode(new byte[] { 1, 0, 0 }).rejection()).isEqualTo(Rejection.UNREADABLE);
		assertThat(codec.decode("not a message".getBytes(StandardCharsets.UTF_8)).rejection())
			.isEqualTo(Rejection.UNREADABLE);
		for (int length = 0; length < frame.length; length += 7) {
			byte[] truncated = java.util.Arrays.copyOf(frame, length);
			assertThat(codec.decode(truncated).message()).as("truncated to %d bytes", length).isNull();
		}
	}

	@Test
	void withASecretOnlySignedMessagesAreRead() {
		ClusterCodec signing = codec("chat", SECRET);
		ClusterCodec unsigned = new ClusterCodec("chat", null, null, Duration.ofSeconds(30), this.clock::get);
		assertThat(signing.decode(unsigned.encode(broadcast("forged"))).rejection()).isEqualTo(Rejection.UNSIGNED);
		assertThat(signing.decode(codec("chat", OTHER_SECRET).encode(broadcast("forged"))).rejection())
			.isEqualTo(Rejection.BAD_SIGNATURE);
		// a node without the secret reads signed messages: it trusts the bus anyway
		assertThat(unsigned.decode(signing.encode(broadcast("signed"))).message()).isNotNull();
	}

	@Test
	void changingAnyByteOfASignedMessageBreaksItsSignature() {
		ClusterCodec codec = codec("chat", SECRET);
		ClusterCodec receiver = codec("chat", SECRET);
		byte[] frame = codec.encode(broadcast("pay 10"));
		for (int i = 0; i < frame.length; i++) {
			byte[] tampered = frame.clone();
			tampered[i] ^= 0x20;
			assertThat(receiver.decode(tampered).message()).as("byte %d changed", i).isNull();
		}
		assertThat(receiver.decode(frame).message()).isNotNull();
	}

	@Test
	void aSignedMessageIsReadOnce() {
		ClusterCodec codec = codec("chat", SECRET);
		ClusterCodec receiver = codec("chat", SECRET);
		byte[] frame = codec.encode(broadcast("once"));
		assertThat(receiver.decode(frame).message()).isNotNull();
		assertThat(receiver.decode(frame).rejection()).isEqualTo(Rejection.REPLAYED);
	}

	@Test
	void messagesArrivingOutOfOrderWithinTheWindowAreEachReadOnce() {
		ClusterCodec codec = codec("chat", SECRET);
		ClusterCodec receiver = codec("chat", SECRET);
		List<byte[]> frames = new ArrayList<>();
		for (int i = 0; i < 3 * ClusterCodec.WINDOW; i++) {
			frames.add(codec.encode(broadcast("m" + i)));
		}
		// shuffled within blocks of half a window, as publishers on several threads would
		int block = ClusterCodec.WINDOW / 2;
		for (int start = 0; start < frames.size(); start += block) {
			Collections.shuffle(frames.subList(start, start + block), new java.util.Random(start));
		}
		for (byte[] frame : frames) {
			assertThat(receiver.decode(frame).message()).isNotNull();
		}
		for (byte[] frame : frames) {
			assertThat(receiver.decode(frame).message()).isNull();
		}
	}

	@Test
	void aSignedMessageOlderThanTheMaximumAgeOrFromBeforeTheNodeStartedIsRejected() {
		ClusterCodec sender = codec("chat", SECRET);
		byte[] early = sender.encode(broadcast("before the receiver started"));
		this.clock.addAndGet(ClusterCodec.CLOCK_ALLOWANCE_MILLIS + 1);
		ClusterCodec receiver = codec("chat", SECRET);
		assertThat(receiver.decode(early).rejection()).isEqualTo(Rejection.EXPIRED);
		byte[] frame = sender.encode(broadcast("late"));
		this.clock.addAndGet(Duration.ofSeconds(31).toMillis());
		assertThat(receiver.decode(frame).rejection()).isEqualTo(Rejection.EXPIRED);
		byte[] fresh = sender.encode(broadcast("fresh"));
		assertThat(receiver.decode(fresh).message()).isNotNull();
	}

	@Test
	void aPreviousSecretIsAcceptedButNotUsedToSign() {
		ClusterCodec old = codec("chat", OTHER_SECRET);
		ClusterCodec rotating = new ClusterCodec("chat", SECRET, OTHER_SECRET, Duration.ofSeconds(30),
				this.clock::get);
		assertThat(rotating.decode(old.encode(broadcast("old"))).message()).isNotNull();
		assertThat(old.decode(rotating.encode(broadcast("new"))).rejection()).isEqualTo(Rejection.BAD_SIGNATURE);
	}

}
