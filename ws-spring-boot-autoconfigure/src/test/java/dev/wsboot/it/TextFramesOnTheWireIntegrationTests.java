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

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.test.RawHandshake;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Text the starter encoded once reaches the wire through Tomcat's send of encoded frames
 * as a correct frame: FIN and the text opcode, the length in each of its three forms, and
 * the UTF-8 bytes unchanged and unmasked.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class TextFramesOnTheWireIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@ParameterizedTest
	@ValueSource(ints = { 1, 125, 126, 65_535, 65_536, 200_000 })
	void aBroadcastIsOneWellFormedTextFrame(int length) throws Exception {
		String room = "wire" + length;
		try (Socket socket = RawHandshake.open(this.port, "/rooms/" + room + "?user=raw")) {
			DataInputStream in = new DataInputStream(socket.getInputStream());
			readFrame(in); // the welcome
			await().until(() -> this.messenger.count(room) == 1);
			String text = "é€a".repeat(length).substring(0, length);
			this.messenger.sendToRoom(room, Event.of("wire", text));
			byte[] expected = ("{\"type\":\"wire\",\"data\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
			Frame frame = readFrame(in);
			assertThat(frame.first()).as("FIN and opcode 1").isEqualTo(0x81);
			assertThat(frame.masked()).isFalse();
			assertThat(frame.lengthForm()).isEqualTo((expected.length < 126) ? 0 : (expected.length <= 0xFFFF) ? 126 : 127);
			assertThat(frame.payload()).isEqualTo(expected);
		}
	}

	private static Frame readFrame(DataInputStream in) throws IOException {
		int first = in.readUnsignedByte();
		int second = in.readUnsignedByte();
		int form = second & 0x7F;
		long length = form;
		if (form == 126) {
			length = in.readUnsignedShort();
		}
		else if (form == 127) {
			length = in.readLong();
		}
		byte[] payload = new byte[Math.toIntExact(length)];
		in.readFully(payload);
		return new Frame(first, (second & 0x80) != 0, (form < 126) ? 0 : form, payload);
	}

	private record Frame(int first, boolean masked, int lengthForm, byte[] payload) {
	}

}
