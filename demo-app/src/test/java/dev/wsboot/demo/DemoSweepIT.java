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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.registry.ConnectionRegistry;
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
 * Three nodes on one Redis: a demo jar holding 10,000 connections in a JVM of its own,
 * and two nodes of 300 live connections each whose {@code @OnDisconnect} takes 10 ms. The
 * big node is killed with SIGKILL. One survivor sweeps it: each of its 10,000 connections
 * gets {@code @OnDisconnect} exactly once in the cluster, no live connection is swept, and
 * the survivors' liveness keys never lapse while 100 s of user code runs. (A Redis restart
 * under nodes of 10,000: {@link DemoRestartIT}.)
 */
class DemoSweepIT {

	private static final Log logger = LogFactory.getLog(DemoSweepIT.class);

	private static final String PREFIX = "sweep:";

	/** A short TTL, and no pings: the raw clients answer none, and would be closed as idle. */
	private static final String[] CLUSTER = { "--ws.registry.redis.key-prefix=" + PREFIX,
			"--ws.registry.redis.liveness-interval=200ms", "--ws.registry.redis.node-ttl=1s",
			"--ws.heartbeat.interval=0", "--ws.heartbeat.idle-timeout=0" };

	private static final int BIG = 10_000;

	private static final int LIVE = 300;

	private static final int ROOMS = 100;

	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(SlowDisconnectApplication.class);

	/** The cluster's Redis, which the demo jars share and the probes read. */
	static final RedisServer redis = cluster.redis();

	@Test
	void aKilledNodeOf10000IsSweptOnceAndSlowUserCodeNeverStopsLiveness() throws Exception {
		List<String> arguments = new ArrayList<>(List.of("--ws.registry.type=redis",
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port()));
		arguments.addAll(List.of(CLUSTER));
		List<Socket> sockets = new ArrayList<>();
		try (DemoJar big = DemoJar.start("768m", arguments.toArray(String[]::new));
				WsCluster.InProcessNode b = cluster.startInProcess(CLUSTER);
				WsCluster.InProcessNode c = cluster.startInProcess(CLUSTER)) {
			String bId = nodeId(b);
			String cId = nodeId(c);
			sockets.addAll(RawClients.open(b.port(), LIVE, ROOMS, "b"));
			sockets.addAll(RawClients.open(c.port(), LIVE, ROOMS, "c"));
			sockets.addAll(RawClients.open(big.port(), BIG, ROOMS, "v"));
			Set<String> nodes = new HashSet<>(redis.commands().smembers(PREFIX + "nodes"));
			nodes.removeAll(Set.of(bId, cId));
			assertThat(nodes).hasSize(1);
			String bigId = nodes.iterator().next();
			await().atMost(Duration.ofSeconds(60)).until(() -> redis.commands().scard(PREFIX + "node:" + bigId) == BIG);
			assertThat(redis.commands().zcard(PREFIX + "room:r7")).isEqualTo(BIG / ROOMS + 2 * LIVE / ROOMS);

			LivenessWatch watch = new LivenessWatch(PREFIX + "alive:" + bId, PREFIX + "alive:" + cId);
			long killedAt = System.nanoTime();
			big.kill();
			await().atMost(Duration.ofSeconds(180)).until(() -> disconnects(b).size() + disconnects(c).size() >= BIG);
			Duration sweptIn = Duration.ofNanos(System.nanoTime() - killedAt);
			watch.stop();
			logger.info("10,000 @OnDisconnect calls of 10 ms done " + sweptIn.toMillis() + " ms after the kill; "
					+ "lowest liveness TTL seen " + watch.lowestTtl.get() + " ms");

			Map<String, Integer> all = new HashMap<>(disconnects(b));
			disconnects(c).forEach((id, count) -> all.merge(id, count, Integer::sum));
			assertThat(all).hasSize(BIG);
			assertThat(all.keySet()).allMatch((id) -> id.startsWith(bigId + "-"));
			assertThat(all.values()).as("each exactly once in the cluster").containsOnly(1);
			assertThat(watch.lapses.get()).as("a survivor's liveness key lapsed").isZero();
			assertThat(watch.samples.get()).isGreaterThan(10);

			assertThat(b.bean(WebSocketMessenger.class).count("r7")).isEqualTo(2 * LIVE / ROOMS);
			assertThat(redis.commands().scard(PREFIX + "node:" + bId)).isEqualTo(LIVE);
			assertThat(redis.commands().scard(PREFIX + "node:" + cId)).isEqualTo(LIVE);
			assertThat(redis.commands().smembers(PREFIX + "nodes")).containsExactlyInAnyOrder(bId, cId);
			assertThat(b.bean(ConnectionRegistry.class).connectionCount() + c.bean(ConnectionRegistry.class).connectionCount()).isEqualTo(2 * LIVE);
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	private static String nodeId(WsCluster.InProcessNode node) {
		return node.context().getBean(RedisConnectionRegistry.class).nodeId();
	}

	private static Map<String, Integer> disconnects(WsCluster.InProcessNode node) {
		return node.context().getBean(SlowDisconnectApplication.SlowChat.class).disconnects();
	}

	/**
	 * Reads the survivors' liveness keys' remaining time to live every 20 ms.
	 */
	private static final class LivenessWatch {

		final AtomicInteger lapses = new AtomicInteger();

		final AtomicInteger samples = new AtomicInteger();

		final AtomicLong lowestTtl = new AtomicLong(Long.MAX_VALUE);

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread;

		LivenessWatch(String... keys) {
			this.thread = new Thread(() -> {
				while (this.running.get()) {
					for (String key : keys) {
						long ttl = redis.commands().pttl(key);
						this.samples.incrementAndGet();
						if (ttl <= 0) {
							this.lapses.incrementAndGet();
						}
						this.lowestTtl.accumulateAndGet(ttl, Math::min);
					}
					try {
						Thread.sleep(20);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "liveness-watch");
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join();
		}

	}

}
