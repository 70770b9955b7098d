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

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wsboot.test.Node;
import dev.wsboot.test.RedisServer;
import dev.wsboot.test.WsTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chat room spans three demo nodes on one Redis; one node, the demo jar in a JVM of its
 * own, is killed with SIGKILL while its users are in the room. Within the node TTL its
 * users leave the room, and each survivor hears of each of them exactly once.
 */
class DemoClusterCrashIT {

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private static final String[] CLUSTER = { "--ws.registry.redis.key-prefix=demo:",
			"--ws.registry.redis.heartbeat-interval=200ms", "--ws.registry.redis.node-ttl=1s" };

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	@Test
	void killedNodesUsersLeaveTheRoomWithinTheTtlAndSurvivorsHearItOnce() throws Exception {
		Process victim = startJar();
		try (Node b = Node.start(DemoApplication.class, redis, CLUSTER);
				Node c = Node.start(DemoApplication.class, redis, CLUSTER)) {
			int victimPort = awaitPort(victim);
			WsTestClient ada = WsTestClient.connect(b.uri("/chat/lobby?user=ada"));
			WsTestClient cy = WsTestClient.connect(c.uri("/chat/lobby?user=cy"));
			assertThat(ada.awaitType("joined").get("data").get("user").asString()).isEqualTo("cy");
			WsTestClient vic1 = WsTestClient.connect("ws://localhost:" + victimPort + "/chat/lobby?user=vic1");
			WsTestClient vic2 = WsTestClient.connect("ws://localhost:" + victimPort + "/chat/lobby?user=vic2");
			for (WsTestClient survivor : List.of(ada, cy)) {
				assertThat(List.of(joinedUser(survivor), joinedUser(survivor))).containsExactlyInAnyOrder("vic1", "vic2");
			}
			vic1.sendEnvelope("say", Map.of("text", "from the doomed node"), "v1");
			for (WsTestClient survivor : List.of(ada, cy)) {
				assertThat(survivor.awaitType("message").get("data").get("text").asString())
					.isEqualTo("from the doomed node");
			}
			assertThat(roomDetails(b.port()).get("connections").asInt()).isEqualTo(4);

			long killedAt = System.nanoTime();
			victim.destroyForcibly();
			assertThat(vic1.awaitClose()).isEqualTo(1006);
			vic2.abort();

			for (WsTestClient survivor : List.of(ada, cy)) {
				assertThat(List.of(leftUser(survivor), leftUser(survivor))).containsExactlyInAnyOrder("vic1", "vic2");
			}
			Duration sweptAfter = Duration.ofNanos(System.nanoTime() - killedAt);
			assertThat(sweptAfter).isLessThan(Duration.ofSeconds(3));
			JsonNode details = roomDetails(c.port());
			assertThat(details.get("connections").asInt()).isEqualTo(2);
			assertThat(details.get("members").toString()).isEqualTo("[\"ada\",\"cy\"]");
			assertThat(redis.commands().smembers("demo:nodes")).hasSize(2);

			for (WsTestClient survivor : List.of(ada, cy)) {
				survivor.request("members", null, "sync");
				assertThat(survivor.received()).noneMatch((message) -> message.toString().contains("\"left\""));
			}
			ada.sendEnvelope("say", Map.of("text", "still here"), "s2");
			assertThat(cy.awaitType("message").get("data").get("text").asString()).isEqualTo("still here");
			ada.close();
			cy.close();
		}
		finally {
			victim.destroyForcibly();
		}
	}

	private static String joinedUser(WsTestClient client) {
		return victimEvent(client, "joined");
	}

	private static String leftUser(WsTestClient client) {
		return victimEvent(client, "left");
	}

	private static String victimEvent(WsTestClient client, String type) {
		return client
			.awaitJson((json) -> type.equals(json.path("type").asString(null))
					&& json.path("data").path("user").asString("").startsWith("vic"), "'" + type + "' of a victim")
			.get("data")
			.get("user")
			.asString();
	}

	private static Process startJar() throws Exception {
		Path jar = Path.of(System.getProperty("demo.jar", "target/demo-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the demo jar, built by the package phase").exists();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString(),
				"--server.port=0", "--ws.registry.type=redis", "--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redis.port()));
		command.addAll(List.of(CLUSTER));
		return new ProcessBuilder(command).redirectErrorStream(true).start();
	}

	private static int awaitPort(Process process) throws Exception {
		CompletableFuture<Integer> port = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					Matcher matcher = STARTED.matcher(line);
					if (matcher.find()) {
						port.complete(Integer.parseInt(matcher.group(1)));
					}
				}
				port.completeExceptionally(new IllegalStateException("The demo node exited before it started"));
			}
			catch (Exception ex) {
				port.completeExceptionally(ex);
			}
		}, "demo-node-output");
		reader.setDaemon(true);
		reader.start();
		return port.get(60, TimeUnit.SECONDS);
	}

	private static JsonNode roomDetails(int port) throws Exception {
		String body = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/rooms/lobby")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		return tools.jackson.databind.json.JsonMapper.shared().readTree(body);
	}


}
