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

package dev.wsboot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.wsboot.registry.ConnectionRegistry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of a node's WebSocket side: always up for a registry of one node, with the
 * node's connections, rooms, endpoints and capacity in the details. See
 * {@link WsRedisHealthIndicator} for a cluster.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class WsHealthIndicator extends AbstractHealthIndicator {

	private final ConnectionRegistry registry;

	private final Supplier<Map<String, Integer>> endpoints;

	private final int maxConnections;

	/**
	 * Create an indicator.
	 * @param registry the connection registry
	 * @param endpoints the open connections of each endpoint on this node
	 * @param maxConnections the node's connection limit, or 0 for none
	 */
	public WsHealthIndicator(ConnectionRegistry registry, Supplier<Map<String, Integer>> endpoints,
			int maxConnections) {
		super("WebSocket health check failed");
		this.registry = registry;
		this.endpoints = endpoints;
		this.maxConnections = maxConnections;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		int connections = this.registry.connectionCount();
		builder.up()
			.withDetail("registry", registryType())
			.withDetail("connections", connections)
			.withDetail("rooms", this.registry.localRoomCount())
			.withDetail("endpoints", this.endpoints.get());
		if (this.maxConnections > 0) {
			Map<String, Object> capacity = new LinkedHashMap<>();
			capacity.put("max", this.maxConnections);
			capacity.put("used", Math.round(1000.0 * connections / this.maxConnections) / 1000.0);
			builder.withDetail("capacity", capacity);
		}
		contribute(builder);
	}

	/**
	 * Return the registry's type, for the details.
	 * @return {@code memory} here
	 */
	protected String registryType() {
		return "memory";
	}

	/**
	 * Add to the health of a subclass's registry.
	 * @param builder the health, up, with the node's details
	 */
	protected void contribute(Health.Builder builder) {
	}

}
