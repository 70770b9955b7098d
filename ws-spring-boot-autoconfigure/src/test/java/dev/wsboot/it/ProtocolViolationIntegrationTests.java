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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.test.RawFrames;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hand-written frames that break RFC 6455 or carry invalid UTF-8 close the connection
 * at once, leave its rooms clean, and do not disturb other clients.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ProtocolViolationIntegrationTests {

	private static final int TEXT = 0x1;

	private static final int CONTINUATION = 0x0;

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Autowired
	RoomEndpoint endpoint;

	private static byte[] bytes(int... values) {
		byte[] result = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			result[i] = (byte) values[i];
		}
		return result;
	}

	static Stream<Arguments> invalidUtf8() {
		return Stream.of(Arguments.of("C3 28", bytes(0xC3, 0x28)), Arguments.of("overlong C0 AF", bytes(0xC0, 0xAF)),
				Arguments.of("surrogate ED A0 80", bytes(0xED, 0xA0, 0x80)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidUtf8")
	void invalidUtf8ClosesWith1007(String name, byte[] payload) throws Exception {
		String room = "utf" + name.hashCode();
		try (RawFrames raw = RawFrames.open(this.port, "/rooms/" + room + "?user=raw")) {
			await().until(() -> this.messenger.count(room) == 1);
			raw.frame(true, 0, TEXT, payload);
			assertThat(raw.awaitClose(2000)).isEqualTo(1007);
		}
		await().atMost(Duration.ofSeconds(2)).until(() -> this.messenger.count(room) == 0);
		assertThat(this.endpoint.disconnects).anyMatch((disconnect) -> disconnect.code() == 1007
				&& disconnect.rooms().contains(room));
		assertOthersServed();
	}

	@Test
	void invalidUtf8SplitAcrossFragmentsClosesWith1007() throws Exception {
		try (RawFrames raw = RawFrames.open(this.port, "/rooms/split?user=raw")) {
			raw.frame(false, 0, TEXT, "ok ".getBytes(StandardCharsets.UTF_8));
			raw.frame(false, 0, CONTINUATION, bytes(0xE2, 0x82));
			raw.frame(true, 0, CONTINUATION, bytes(0x28));
			assertThat(raw.awaitClose(2000)).isEqualTo(1007);
		}
		assertOthersServed();
	}

	static Stream<Arguments> violations() {
		byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
		return Stream.of(Arguments.of("unmasked client frame", frame(true, 0, TEXT, false, 5, hello)),
				Arguments.of("RSV1 without an extension", frame(true, 4, TEXT, true, 5, hello)),
				Arguments.of("reserved data opcode 0x3", frame(true, 0, 0x3, true, 5, hello)),
				Arguments.of("reserved control opcode 0xB", frame(true, 0, 0xB, true, 0, new byte[0])),
				Arguments.of("ping over 125 bytes", frame(true, 0, 0x9, true, 126, new byte[126])),
				Arguments.of("fragmented ping", frame(false, 0, 0x9, true, 1, new byte[1])),
				Arguments.of("continuation without a start", frame(true, 0, CONTINUATION, true, 5, hello)),
				Arguments.of("close with a 1-byte payload", frame(true, 0, 0x8, true, 1, new byte[] { 3 })),
				Arguments.of("64-bit length with the MSB set", frame(true, 0, TEXT, true, Long.MIN_VALUE + 5, hello)));
	}

	private static Frame frame(boolean fin, int rsv, int opcode, boolean masked, long length, byte[] payload) {
		return new Frame(fin, rsv, opcode, masked, length, payload);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("violations")
	void protocolViolationClosesWithinASecond(String name, Frame frame) throws Exception {
		String room = "violation" + Math.abs(name.hashCode());
		try (RawFrames raw = RawFrames.open(this.port, "/rooms/" + room + "?user=raw")) {
			await().until(() -> this.messenger.count(room) == 1);
			raw.frame(frame.fin(), frame.rsv(), frame.opcode(), frame.masked(), frame.length(), frame.payload());
			assertThat(raw.awaitClose(1000)).as("close code").isEqualTo(1002);
		}
		await().atMost(Duration.ofSeconds(2)).until(() -> this.messenger.count(room) == 0);
		assertOthersServed();
	}

	/**
	 * A valid message and then a frame that breaks the protocol, read by the server
	 * together: the reply to the first goes out before the close the second causes, as it
	 * does from a handler that writes on the container's thread.
	 */
	@RepeatedTest(20)
	void theReplyToAValidMessageGoesOutBeforeTheCloseOfAViolationThatFollows() throws Exception {
		try (RawFrames raw = RawFrames.open(this.port, "/rooms/strict?user=raw")) {
			raw.awaitText("welcome", 5000);
			raw.together(
					RawFrames.encode(true, 0, TEXT,
							"{\"action\":\"echo\",\"data\":\"first\",\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8)),
					RawFrames.encode(true, 4, TEXT, "x".getBytes(StandardCharsets.UTF_8)));
			RawFrames.Received received = raw.readUntilClose(2000);
			assertThat(received.code()).isEqualTo(1002);
			assertThat(received.texts()).anyMatch((text) -> text.contains("\"replyTo\":\"1\""));
		}
	}

	@Test
	void newDataFrameInsideAFragmentedMessageCloses() throws Exception {
		try (RawFrames raw = RawFrames.open(this.port, "/rooms/interleaved?user=raw")) {
			raw.frame(false, 0, TEXT, "part".getBytes(StandardCharsets.UTF_8));
			raw.frame(true, 0, TEXT, "new".getBytes(StandardCharsets.UTF_8));
			assertThat(raw.awaitClose(1000)).isEqualTo(1002);
		}
		assertOthersServed();
	}

	@Test
	void aMalformedLengthDoesNotSpinTheCpu() throws Exception {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean();
		try (RawFrames raw = RawFrames.open(this.port, "/rooms/spin?user=raw")) {
			raw.frame(true, 0, TEXT, true, Long.MIN_VALUE + 5, "hello".getBytes(StandardCharsets.UTF_8));
			raw.awaitClose(1000);
		}
		long cpuBefore = os.getProcessCpuTime();
		long wallBefore = System.nanoTime();
		Thread.sleep(1000); // a measurement window, not a wait for a condition
		long cpu = os.getProcessCpuTime() - cpuBefore;
		long wall = System.nanoTime() - wallBefore;
		assertThat((double) cpu / wall).as("share of one core used by the whole test JVM").isLessThan(0.5);
		assertOthersServed();
	}

	@Test
	void aHugeDeclaredLengthIsHeldToTheMessageLimit() throws Exception {
		try (RawFrames raw = RawFrames.open(this.port, "/rooms/huge?user=raw")) {
			byte[] payload = new byte[70_000];
			java.util.Arrays.fill(payload, (byte) 'x');
			raw.frame(true, 0, TEXT, true, Long.MAX_VALUE, payload);
			assertThat(raw.awaitClose(2000)).isEqualTo(1009);
		}
		assertOthersServed();
	}

	private void assertOthersServed() {
		try (WsTestConnection other = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/bystander?user=b")) {
			assertThat(other.request("echo", Map.of("fine", true), "b").get("fine").asBoolean()).isTrue();
		}
	}

	record Frame(boolean fin, int rsv, int opcode, boolean masked, long length, byte[] payload) {

		@Override
		public String toString() {
			return "frame";
		}

	}

}
