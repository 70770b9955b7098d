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

package dev.wsboot.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.wsboot.bench.load.LoadClient.Conn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator counts what it receives the way the reports say: measured frames
 * with their latency, a frame of the wrong size or shape as changed, and a sequence
 * number that goes back as out of order. A server that mangled frames could not pass
 * for a fast one.
 */
class DeliveriesTests {

	@Test
	void measuredFramesAreCountedAndTimed() throws IOException {
		try (LoadClient client = new LoadClient(1, new Deliveries(1, 40, true))) {
			Deliveries deliveries = new Deliveries(1, 40, true);
			Conn conn = connection(client);
			deliver(deliveries, conn, Payloads.build('M', 1, 40));
			deliver(deliveries, conn, Payloads.build('M', 2, 40));
			deliver(deliveries, conn, Payloads.build('W', 3, 40));
			assertThat(deliveries.measuredTotal()).isEqualTo(2);
			assertThat(deliveries.latency(0).getTotalCount()).isEqualTo(2);
			assertThat(deliveries.corrupt()).isZero();
			assertThat(deliveries.outOfOrder()).isZero();
		}
	}

	@Test
	void framesOfTheWrongSizeOrShapeCountAsChanged() throws IOException {
		try (LoadClient client = new LoadClient(1, new Deliveries(1, 40, true))) {
			Deliveries deliveries = new Deliveries(1, 40, true);
			Conn conn = connection(client);
			deliver(deliveries, conn, Payloads.build('M', 1, 41));
			deliver(deliveries, conn, "M".repeat(40).getBytes(StandardCharsets.US_ASCII));
			deliver(deliveries, conn, new byte[0]);
			deliver(deliveries, conn, ("M|" + "9".repeat(38)).getBytes(StandardCharsets.US_ASCII));
			deliver(deliveries, conn, ("M|12|x4|" + "x".repeat(32)).getBytes(StandardCharsets.US_ASCII));
			assertThat(deliveries.corrupt()).isEqualTo(5);
			assertThat(deliveries.measuredTotal()).isZero();
		}
	}

	@Test
	void aSequenceThatGoesBackCountsAsOutOfOrder() throws IOException {
		try (LoadClient client = new LoadClient(1, new Deliveries(1, 40, true))) {
			Deliveries deliveries = new Deliveries(1, 40, true);
			Conn conn = connection(client);
			deliver(deliveries, conn, Payloads.build('M', 5, 40));
			deliver(deliveries, conn, Payloads.build('M', 4, 40));
			deliver(deliveries, conn, Payloads.build('M', 6, 40));
			assertThat(deliveries.outOfOrder()).isEqualTo(1);
		}
	}

	@Test
	void aPayloadTooSmallForItsPrefixIsRefused() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Payloads.build('M', 1, 5))
			.withMessageContaining("too small");
	}

	private static Conn connection(LoadClient client) throws IOException {
		// never connected: only its bookkeeping is used
		return client.connect(new java.net.InetSocketAddress("127.0.0.1", 9), null, "/ws", 0);
	}

	private static void deliver(Deliveries deliveries, Conn conn, byte[] payload) {
		ByteBuffer buffer = ByteBuffer.allocate(payload.length + 4);
		buffer.position(2);
		buffer.put(payload);
		deliveries.onText(conn, buffer, 2, payload.length);
	}

}
