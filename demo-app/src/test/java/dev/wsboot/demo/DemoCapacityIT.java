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

package dev.wsboot.demo;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo on its defaults (pings aside: the raw clients here answer none) takes more
 * WebSocket connections than Tomcat's own default
 * cap of 8,192 sockets, keeps answering HTTP while it holds them, delivers a broadcast to
 * a full room, and forgets every connection once the clients vanish.
 */
class DemoCapacityIT {

	private static final int CLIENTS = 9_000;

	private static final int ROOMS = 90;

	@Test
	void takesMoreThan8192ConnectionsAndKeepsServingHttp() throws Exception {
		long openFiles = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getMaxFileDescriptorCount();
		assertThat(openFiles).as("this test's open-file limit (ulimit -n) must allow its clients")
			.isGreaterThan(CLIENTS + 1000);
		List<Socket> sockets = new ArrayList<>();
		// the defaults but for pings, which the raw clients would not answer
		try (DemoJar demo = DemoJar.start("512m", "--ws.heartbeat.interval=0", "--ws.heartbeat.idle-timeout=0")) {
			sockets.addAll(RawClients.open(demo.port(), CLIENTS, ROOMS, "u"));
			assertThat(sockets).hasSize(CLIENTS);
			await().atMost(60, TimeUnit.SECONDS).until(() -> demo.room("r7").get("connections").asInt() == 100);
			assertThat(demo.room("r89").get("members")).hasSize(100);

			List<Socket> room7 = new ArrayList<>();
			for (int i = 7; i < CLIENTS; i += ROOMS) {
				room7.add(sockets.get(i));
			}
			sendMasked(room7.get(0).getOutputStream(),
					"{\"action\":\"say\",\"data\":{\"text\":\"to all 100\"},\"id\":\"1\"}");
			for (Socket member : room7) {
				member.setSoTimeout(30_000);
				awaitFrame(member.getInputStream(), "\"text\":\"to all 100\"");
			}

			for (Socket socket : sockets) {
				socket.close();
			}
			await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
				for (int room = 0; room < ROOMS; room += 11) {
					assertThat(demo.room("r" + room).get("connections").asInt()).as("room r%d", room).isZero();
				}
			});
			assertThat(demo.room("r7").get("members")).isEmpty();
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	private static void sendMasked(OutputStream out, String text) throws IOException {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		assertThat(payload.length).isLessThan(126);
		// a zero masking key leaves the payload as it is
		byte[] frame = new byte[6 + payload.length];
		frame[0] = (byte) 0x81;
		frame[1] = (byte) (0x80 | payload.length);
		System.arraycopy(payload, 0, frame, 6, payload.length);
		out.write(frame);
		out.flush();
	}

	private static void awaitFrame(InputStream stream, String containing) throws IOException {
		DataInputStream in = new DataInputStream(stream);
		while (true) {
			in.readUnsignedByte();
			int length = in.readUnsignedByte() & 0x7F;
			long size = (length == 126) ? in.readUnsignedShort() : (length == 127) ? in.readLong() : length;
			byte[] payload = new byte[Math.toIntExact(size)];
			in.readFully(payload);
			if (new String(payload, StandardCharsets.UTF_8).contains(containing)) {
				return;
			}
		}
	}

}
