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

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.wsboot.bench.baseline.BaselineApplication;
import dev.wsboot.bench.load.LoadClient.Conn;
import dev.wsboot.bench.starter.StarterBenchApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both server apps serve the bench protocol, driven by the load generator's own client:
 * every text frame reaches every member of the sender's room, the sender included, byte
 * for byte and in order (multi-byte UTF-8 and JSON-looking text included), and nobody in
 * another room or in the default room.
 */
class BenchProtocolTests {

	@ParameterizedTest
	@ValueSource(strings = { "starter", "baseline" })
	void everyFrameReachesEveryMemberOfTheRoomUnchangedAndInOrder(String target) throws Exception {
		Map<Conn, List<String>> received = new ConcurrentHashMap<>();
		Set<Conn> probed = ConcurrentHashMap.newKeySet();
		LoadClient.FrameListener listener = new LoadClient.FrameListener() {

			@Override
			public void onText(Conn conn, ByteBuffer buffer, int offset, int length) {
				byte[] bytes = new byte[length];
				buffer.get(offset, bytes);
				String text = new String(bytes, StandardCharsets.UTF_8);
				if (text.startsWith("P|")) {
					probed.add(conn);
				}
				else {
					received.computeIfAbsent(conn, (key) -> new CopyOnWriteArrayList<>()).add(text);
				}
			}

			@Override
			public void onClose(Conn conn, int code) {
			}

		};
		try (ConfigurableApplicationContext app = start(target); LoadClient client = new LoadClient(1, listener)) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
			List<Conn> room = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				room.add(client.connect(server, null, "/ws?room=a", 0));
			}
			Conn other = client.connect(server, null, "/ws?room=b", 0);
			Conn defaultRoom = client.connect(server, null, "/ws", 0);
			for (Conn conn : List.of(room.get(0), room.get(1), room.get(2), other, defaultRoom)) {
				conn.opened().get(10, TimeUnit.SECONDS);
			}
			// the join runs after the upgrade: probe until every member hears the sender
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				room.get(0).sendText("P|0|0|probe".getBytes(StandardCharsets.US_ASCII));
				return probed.containsAll(room);
			});
			List<String> sent = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				String text = "M|" + System.nanoTime() + "|" + i + "|" + "é€𝄞{\"action\":\"x\"}".repeat(i % 7);
				sent.add(text);
				room.get(0).sendText(text.getBytes(StandardCharsets.UTF_8));
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> room.stream().allMatch((conn) -> received.getOrDefault(conn, List.of()).size() == 50));
			for (Conn conn : room) {
				assertThat(received.get(conn)).containsExactlyElementsOf(sent);
			}
			assertThat(received).doesNotContainKeys(other, defaultRoom);
			assertThat(probed).doesNotContain(other, defaultRoom);
		}
	}

	private static ConfigurableApplicationContext start(String target) {
		Class<?> application = "starter".equals(target) ? StarterBenchApplication.class : BaselineApplication.class;
		return new SpringApplicationBuilder(application).properties("spring.config.name=" + target + "-bench")
			.run("--server.port=0");
	}

}
