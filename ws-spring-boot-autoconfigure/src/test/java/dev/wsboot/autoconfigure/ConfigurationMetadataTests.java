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


package dev.wsboot.autoconfigure;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs read lists every property with a description and
 * its default.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasADescriptionAndItsDefault() throws Exception {
		JsonNode metadata;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			metadata = new JsonMapper().readTree(in);
		}
		Map<String, JsonNode> properties = new HashMap<>();
		Map<String, JsonNode> management = new HashMap<>();
		metadata.get("properties").forEach((property) -> {
			String name = property.get("name").asString();
			(name.startsWith("management.") ? management : properties).put(name, property);
		});
		// the websockets endpoint is read-only unless access is granted
		assertThat(management).containsOnlyKeys("management.endpoint.websockets.access",
				"management.endpoint.websockets.cache.time-to-live", "management.health.ws.enabled",
				"management.info.ws.enabled");
		management.values()
			.forEach((property) -> assertThat(property.path("description").asString("")).as(property.toString())
				.isNotBlank());
		assertThat(management.get("management.endpoint.websockets.access").get("defaultValue").asString())
			.isEqualTo("read_only");
		Map<String, String> renamed = Map.ofEntries(Map.entry("ws.route-key", "ws.protocol.route-key"),
				Map.entry("ws.permessage-deflate", "ws.protocol.permessage-deflate"),
				Map.entry("ws.max-message-size", "ws.limits.max-message-size"),
				Map.entry("ws.max-rooms-per-connection", "ws.limits.max-rooms-per-connection"),
				Map.entry("ws.max-connections-per-room", "ws.limits.max-connections-per-room"),
				Map.entry("ws.max-connections-per-user", "ws.limits.max-connections-per-user"),
				Map.entry("ws.max-connections", "ws.limits.max-connections"),
				Map.entry("ws.max-connections-per-address", "ws.limits.max-connections-per-address"),
				Map.entry("ws.send-buffer-limit", "ws.outbound.send-buffer-limit"),
				Map.entry("ws.send-time-limit", "ws.outbound.send-time-limit"),
				Map.entry("ws.heartbeat-interval", "ws.heartbeat.interval"),
				Map.entry("ws.idle-timeout", "ws.heartbeat.idle-timeout"),
				Map.entry("ws.container.message-buffer-size", "ws.tomcat.message-buffer-size"),
				Map.entry("ws.container.io-buffer-size", "ws.tomcat.io-buffer-size"),
				Map.entry("ws.container.socket-buffer-size", "ws.tomcat.socket-buffer-size"),
				Map.entry("ws.container.tune-buffers", "ws.tomcat.tune-buffers"),
				Map.entry("ws.container.request-header-timeout", "ws.tomcat.request-header-timeout"),
				Map.entry("ws.registry.redis.heartbeat-interval", "ws.registry.redis.liveness-interval"));
		List<String> current = List.of("ws.enabled", "ws.allowed-origins", "ws.protocol.route-key",
				"ws.protocol.permessage-deflate", "ws.limits.max-message-size", "ws.limits.max-rooms-per-connection",
				"ws.limits.max-connections-per-room", "ws.limits.max-connections-per-user", "ws.limits.max-connections",
				"ws.limits.max-connections-per-address", "ws.limits.max-room-name-length", "ws.limits.max-rooms",
				"ws.outbound.send-buffer-limit", "ws.outbound.send-time-limit", "ws.outbound.lanes",
				"ws.outbound.stall-threshold", "ws.outbound.max-stalled-writers", "ws.outbound.lane-backlog-limit",
				"ws.outbound.close-threads", "ws.outbound.drain-timeout", "ws.heartbeat.interval",
				"ws.heartbeat.idle-timeout", "ws.tomcat.message-buffer-size", "ws.tomcat.io-buffer-size",
				"ws.tomcat.socket-buffer-size", "ws.tomcat.tune-buffers", "ws.tomcat.request-header-timeout",
				"ws.rate-limit.enabled", "ws.rate-limit.messages-per-second", "ws.rate-limit.burst",
				"ws.rate-limit.flood-timeout", "ws.rate-limit.max-drops", "ws.registry.type", "ws.registry.redis.cluster",
				"ws.registry.redis.key-prefix", "ws.registry.redis.secret", "ws.registry.redis.previous-secret",
				"ws.registry.redis.max-message-age", "ws.registry.redis.node-name",
				"ws.registry.redis.liveness-interval", "ws.registry.redis.node-ttl", "ws.registry.redis.fail-fast",
				"ws.registry.redis.delivery-queue-capacity", "ws.registry.redis.disconnect-threads",
				"ws.history.rooms", "ws.history.max-replay", "ws.history.position-ttl", "ws.history.max-rooms",
				"ws.client.enabled", "ws.client.cache-period");
		List<String> all = new java.util.ArrayList<>(current);
		all.addAll(renamed.keySet());
		assertThat(properties).containsOnlyKeys(all);
		current.forEach((name) -> assertThat(properties.get(name).has("deprecation")).as(name).isFalse());
		renamed.forEach((old, replacement) -> assertThat(properties.get(old).path("deprecation").path("replacement")
			.asString("")).as(old).isEqualTo(replacement));
		current.forEach((name) -> assertThat(properties.get(name).path("description").asString("")).as(name)
			.isNotBlank()
			.doesNotStartWith("The "));
		assertThat(properties.get("ws.protocol.route-key").get("defaultValue").asString()).isEqualTo("action");
		assertThat(properties.get("ws.limits.max-message-size").get("defaultValue").asString()).isEqualTo("64KB");
		assertThat(properties.get("ws.outbound.send-time-limit").get("defaultValue").asString()).isEqualTo("10s");
		assertThat(properties.get("ws.tomcat.message-buffer-size").get("defaultValue").asString()).isEqualTo("1KB");
		assertThat(properties.get("ws.tomcat.io-buffer-size").get("defaultValue").asString()).isEqualTo("1KB");
		assertThat(properties.get("ws.tomcat.socket-buffer-size").get("defaultValue").asString()).isEqualTo("1KB");
		assertThat(properties.get("ws.enabled").get("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("ws.registry.type").get("defaultValue").asString()).isEqualTo("auto");
		assertThat(properties.get("ws.client.enabled").get("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("ws.client.cache-period").get("defaultValue").asString()).isEqualTo("1h");
		assertThat(properties.get("ws.history.rooms").has("defaultValue")).as("no history unless asked").isFalse();
		assertThat(properties.get("ws.history.max-replay").get("defaultValue").asInt()).isEqualTo(300);
		assertThat(properties.get("ws.history.position-ttl").get("defaultValue").asString()).isEqualTo("1d");
		assertThat(properties.get("ws.history.max-rooms").get("defaultValue").asInt()).isEqualTo(10_000);
		assertThat(properties.get("ws.heartbeat.interval").get("defaultValue").asString()).isEqualTo("25s");
		assertThat(properties.get("ws.heartbeat.idle-timeout").get("defaultValue").asString()).isEqualTo("35s");
		assertThat(properties.get("ws.rate-limit.burst").get("defaultValue").asInt()).isEqualTo(100);
		assertThat(properties.get("ws.limits.max-rooms-per-connection").get("defaultValue").asInt()).isEqualTo(128);
		assertThat(properties.get("ws.registry.redis.node-ttl").get("defaultValue").asString()).isEqualTo("15s");
		assertThat(properties.get("ws.registry.redis.fail-fast").get("defaultValue").asBoolean()).isFalse();
		assertThat(properties.get("ws.limits.max-connections").has("defaultValue")).as("derived at startup").isFalse();
		assertThat(properties.get("ws.limits.max-connections-per-address").get("defaultValue").asInt()).isZero();
		assertThat(properties.get("ws.outbound.lanes").has("defaultValue")).as("one per processor").isFalse();
		assertThat(properties.get("ws.outbound.stall-threshold").get("defaultValue").asString()).isEqualTo("20ms");
		assertThat(properties.get("ws.outbound.max-stalled-writers").get("defaultValue").asInt()).isEqualTo(64);
		assertThat(properties.get("ws.outbound.lane-backlog-limit").get("defaultValue").asString()).isEqualTo("64MB");
		assertThat(properties.get("ws.outbound.close-threads").get("defaultValue").asInt()).isEqualTo(8);
		assertThat(properties.get("ws.registry.redis.delivery-queue-capacity").get("defaultValue").asInt())
			.isEqualTo(10_000);
		assertThat(properties.get("ws.registry.redis.disconnect-threads").get("defaultValue").asInt()).isEqualTo(4);
		assertThat(properties.get("ws.tomcat.request-header-timeout").get("defaultValue").asString())
			.isEqualTo("10s");
		assertThat(properties.get("ws.limits.max-room-name-length").get("defaultValue").asString()).isEqualTo("256B");
		assertThat(properties.get("ws.limits.max-rooms").get("defaultValue").asInt()).isEqualTo(100_000);
	}

}
