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

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.test.RawHandshake;
import dev.wsboot.test.WsTestConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * More clients that stop reading than there are threads to leave with stalled clients
 * (64): 100 members of one room with 4 KB receive buffers, fed 60 KB broadcasts at 40 a
 * second. Two bystanders in another room of the same node go on exchanging messages, and
 * their round trips stay close to what they were before the flood; every non-reader is
 * closed as slow.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class NonReadersIntegrationTests {

	private static final Log logger = LogFactory.getLog(NonReadersIntegrationTests.class);

	private static final int NON_READERS = 100;

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Test
	void clientsThatStopReadingDoNotDelayBystanders() throws Exception {
		try (WsTestConnection ada = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/calm?user=ada")) {
			ada.awaitType("welcome");
			long[] before = roundTrips(ada, 40);
			List<Socket> nonReaders = new ArrayList<>();
			AtomicBoolean flooding = new AtomicBoolean(true);
			Thread speaker = new Thread(() -> {
				String filler = "x".repeat(60 * 1024);
				while (flooding.get()) {
					this.messenger.sendToRoom("flood", Event.of("big", filler));
					sleepQuietly(25);
				}
			}, "speaker");
			try {
				for (int i = 0; i < NON_READERS; i++) {
					nonReaders.add(RawHandshake.openSlow(this.port, "/rooms/flood?user=n" + i, 4096));
				}
				await().until(() -> this.messenger.count("flood") == NON_READERS);
				speaker.start();
				long[] during = roundTrips(ada, 200);
				long p99Before = percentile(before, 99);
				long p99During = percentile(during, 99);
				logger.info("Bystander round trips, p50/p99/max in ms: before " + percentile(before, 50) / 1000 + "/"
						+ p99Before / 1000 + "/" + percentile(before, 100) / 1000 + ", during the flood "
						+ percentile(during, 50) / 1000 + "/" + p99During / 1000 + "/" + percentile(during, 100) / 1000
						+ " (the slowest was round trip " + slowest(during) + " of " + during.length + ")");
				assertThat(Duration.ofNanos(p99During * 1000)).as("p99 of a bystander's round trip during the flood")
					.isLessThan(Duration.ofNanos(p99Before * 1000).plusMillis(500));
				await().atMost(Duration.ofSeconds(30)).until(() -> this.messenger.count("flood") == 0);
			}
			finally {
				flooding.set(false);
				speaker.join();
				for (Socket socket : nonReaders) {
					socket.close();
				}
			}
		}
	}

	/**
	 * Time request-and-reply round trips, one every 25 ms.
	 * @return each round trip in microseconds
	 */
	private static long[] roundTrips(WsTestConnection client, int count) {
		long[] micros = new long[count];
		for (int i = 0; i < count; i++) {
			long started = System.nanoTime();
			client.request("echo", Map.of("n", i), "rt" + i);
			micros[i] = (System.nanoTime() - started) / 1000;
			sleepQuietly(25);
		}
		return micros;
	}

	private static int slowest(long[] values) {
		int slowest = 0;
		for (int i = 1; i < values.length; i++) {
			slowest = (values[i] > values[slowest]) ? i : slowest;
		}
		return slowest;
	}

	private static long percentile(long[] values, int percentile) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
