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

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import dev.wsboot.registry.redis.RedisConnectionRegistry;

import org.springframework.boot.health.contributor.Health;

/**
 * The health of a node of a cluster: {@code DOWN} while Redis is unreachable. That means
 * cross-node delivery and cluster-wide membership are paused: local delivery goes on,
 * and the node writes its state to Redis again when Redis answers. Keep this indicator
 * out of a liveness group, so that an outage of Redis does not restart every node.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class WsRedisHealthIndicator extends WsHealthIndicator {

	private final RedisConnectionRegistry registry;

	/**
	 * Create an indicator.
	 * @param registry the Redis registry
	 * @param endpoints the open connections of each endpoint on this node
	 * @param maxConnections the node's connection limit, or 0 for none
	 */
	public WsRedisHealthIndicator(RedisConnectionRegistry registry, Supplier<Map<String, Integer>> endpoints,
			int maxConnections) {
		super(registry, endpoints, maxConnections);
		this.registry = registry;
	}

	@Override
	protected String registryType() {
		return "redis";
	}

	@Override
	protected void contribute(Health.Builder builder) {
		Instant lastHeartbeat = this.registry.lastHeartbeat();
		builder.withDetail("cluster", this.registry.cluster())
			.withDetail("node", this.registry.nodeId())
			.withDetail("liveNodes", this.registry.liveNodeCount())
			.withDetail("lastHeartbeat", (lastHeartbeat != null) ? lastHeartbeat.toString() : "never")
			.withDetail("failures", this.registry.failureCount());
		if (this.registry.isRedisDown()) {
			builder.down().withDetail("redis", "unreachable: cross-node delivery is paused, local delivery goes on");
		}
	}

}
