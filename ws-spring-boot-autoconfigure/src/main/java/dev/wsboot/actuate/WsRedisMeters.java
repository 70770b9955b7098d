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

import dev.wsboot.registry.redis.RedisConnectionRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The meters of the Redis registry: its publishes, failures, sweeps and re-assertions,
 * the cluster messages it rejected, and the live nodes it counts.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class WsRedisMeters implements MeterBinder {

	private final RedisConnectionRegistry registry;

	/**
	 * Create the meters of a registry.
	 * @param registry the Redis registry
	 */
	public WsRedisMeters(RedisConnectionRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		FunctionCounter.builder("ws.redis.publishes", this.registry, RedisConnectionRegistry::publishCount)
			.description("Messages this node handed to Redis to publish")
			.register(meters);
		FunctionCounter.builder("ws.redis.failures", this.registry, RedisConnectionRegistry::failureCount)
			.description("Redis operations that failed, or were not tried while Redis was unreachable")
			.register(meters);
		FunctionCounter.builder("ws.redis.swept", this.registry, RedisConnectionRegistry::sweptConnectionCount)
			.description("Connections of dead nodes this node removed from Redis")
			.register(meters);
		FunctionCounter.builder("ws.redis.reasserted", this.registry,
				RedisConnectionRegistry::reassertedConnectionCount)
			.description("Local connections written to Redis again after Redis lost or missed them")
			.register(meters);
		FunctionCounter.builder("ws.redis.rejected", this.registry, RedisConnectionRegistry::rejectedMessageCount)
			.description("Cluster messages not read: unreadable, of another cluster, unsigned, forged, old or replayed")
			.register(meters);
		Gauge.builder("ws.redis.nodes", this.registry, RedisConnectionRegistry::liveNodeCount)
			.description("Live nodes of the cluster, this one included")
			.register(meters);
		Gauge.builder("ws.redis.up", this.registry, (registry) -> registry.isRedisDown() ? 0 : 1)
			.description("1 while Redis answers, 0 while it is unreachable")
			.register(meters);
	}

}
