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

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.wsboot.registry.redis.RedisConnectionRegistry;
import dev.wsboot.sweep.SlowDisconnectApplication;
import dev.wsboot.test.RedisServer;
import dev.wsboot.test.WsCluster;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis restarts empty under two nodes of 10,000 connections each (demo jars in JVMs of
 * their own; the second node's clients are a process of their own, for the open-file
 * limit) and a third node of 300: every node writes its state again within seconds, and
 * no node is swept, though the liveness keys live for less time than a re-assertion takes.
 */
class DemoRestartIT {

	private static final Log logger = LogFactory.getLog(DemoRestartIT.class);

	private static final String PREFIX = "restart:";

	/**
	 * A TTL shorter than a re-assertion of 10,000 connections takes here (4 to 7 s on two
	 * cores), and no pings: the raw clients answer none, and would be closed as idle. The
	 * TTL is 5 s, not 1 s: with 20,000 connections opening on two cores into rooms with
	 * history, G1 paused the demo JVMs for up to 0.5 s (measured with {@code -Xlog:gc}),
	 * and the demo's Redis commands timed out (its {@code spring.data.redis.timeout} is
	 * 1 s), the liveness refresh's too; a node whose refreshes fail for longer than its
	 * TTL is rightly swept (docs/clustering.md). With 3 s, one CI run saw the small node
	 * report connections lost.
	 */
	private static final String[] CLUSTER = { "--ws.registry.redis.key-prefix=" + PREFIX,
			"--ws.registry.redis.liveness-interval=200ms", "--ws.registry.redis.node-ttl=5s",
			"--ws.heartbeat.interval=0", "--ws.heartbeat.idle-timeout=0" };

	private static final int BIG = 10_000;

	private static final int SMALL = 300;

	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(SlowDisconnectApplication.class);

	/** The cluster's Redis, which the demo jars share and the probes read. */
	static final RedisServer redis = cluster.redis();

	@Test
	void everyNodeReassertsItsStateWithinSecondsAndNoneIsSwept() throws Exception {
		List<String> arguments = new ArrayList<>(List.of("--ws.registry.type=redis",
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port()));
		arguments.addAll(List.of(CLUSTER));
		List<Socket> sockets = new ArrayList<>();
		try (DemoJar first = DemoJar.start("768m", arguments.toArray(String[]::new));
				DemoJar second = DemoJar.start("768m", arguments.toArray(String[]::new));
				WsCluster.InProcessNode small = cluster.startInProcess(CLUSTER);
				RawClients.Holder held = RawClients.holdElsewhere(second.port(), BIG, 100, "h")) {
			sockets.addAll(RawClients.open(first.port(), BIG, 100, "f"));
			sockets.addAll(RawClients.open(small.port(), SMALL, 100, "s"));
			assertThat(held.opened().get(120, TimeUnit.SECONDS)).isEqualTo("OPEN " + BIG);
			String smallId = small.context().getBean(RedisConnectionRegistry.class).nodeId();
			Map<String, Long> expected = new LinkedHashMap<>();
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				expected.clear();
				for (String node : redis.commands().smembers(PREFIX + "nodes")) {
					expected.put(node, redis.commands().scard(PREFIX + "node:" + node));
				}
				return expected.size() == 3 && expected.values().stream().mapToLong(Long::longValue).sum() == 2 * BIG + SMALL;
			});
			assertThat(expected).containsEntry(smallId, (long) SMALL);
			logger.info("Connections per node: " + expected + " (the small node is " + smallId + ")");
			SlowDisconnectApplication.SlowChat chat = small.context().getBean(SlowDisconnectApplication.SlowChat.class);
			assertThat(lostPerNode(chat)).as("connections reported lost while %d opened", 2 * BIG + SMALL).isEmpty();

			long restartedAt = System.nanoTime();
			redis.restartEmpty();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				for (Map.Entry<String, Long> node : expected.entrySet()) {
					assertThat(redis.commands().scard(PREFIX + "node:" + node.getKey())).as(node.getKey())
						.isEqualTo(node.getValue());
				}
			});
			Duration reasserted = Duration.ofNanos(System.nanoTime() - restartedAt);
			logger.info("State of " + (2 * BIG + SMALL) + " connections on three nodes re-asserted "
					+ reasserted.toMillis() + " ms after Redis restarted empty");
			assertThat(reasserted).isLessThan(Duration.ofSeconds(15));

			// for as long again, nobody is swept: every node keeps all its connections and its key
			long until = System.nanoTime() + Math.max(reasserted.toNanos(), Duration.ofSeconds(3).toNanos());
			Set<String> lapsed = new HashSet<>();
			while (System.nanoTime() < until) {
				for (Map.Entry<String, Long> node : expected.entrySet()) {
					assertThat(redis.commands().scard(PREFIX + "node:" + node.getKey())).as(node.getKey())
						.isEqualTo(node.getValue());
					if (redis.commands().pttl(PREFIX + "alive:" + node.getKey()) <= 0) {
						lapsed.add(node.getKey());
					}
				}
				Thread.sleep(50);
			}
			assertThat(lapsed).as("nodes whose liveness key lapsed").isEmpty();
			assertThat(redis.commands().smembers(PREFIX + "nodes")).containsExactlyInAnyOrderElementsOf(expected.keySet());
			assertThat(lostPerNode(chat)).as("connections reported lost after Redis restarted").isEmpty();
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	/** The connections the small node reported lost (its own, or swept from another node), counted per node. */
	private static Map<String, Long> lostPerNode(SlowDisconnectApplication.SlowChat chat) {
		return chat.disconnects()
			.keySet()
			.stream()
			.collect(Collectors.groupingBy((id) -> id.substring(0, Math.max(0, id.lastIndexOf('-'))), TreeMap::new,
					Collectors.counting()));
	}

}
