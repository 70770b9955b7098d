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

import dev.wsboot.actuate.ClusterView;
import dev.wsboot.actuate.WebSocketsEndpoint;
import dev.wsboot.actuate.WsHealthIndicator;
import dev.wsboot.actuate.WsInfoContributor;
import dev.wsboot.actuate.WsMeters;
import dev.wsboot.actuate.WsRedisHealthIndicator;
import dev.wsboot.actuate.WsRedisMeters;
import dev.wsboot.internal.connection.WriteLanes;
import dev.wsboot.internal.endpoint.WebSocketEndpointRegistrar;
import dev.wsboot.internal.observability.WsMetrics;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.redis.RedisConnectionRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Micrometer meters, health, info and the {@code websockets} endpoint of the WebSocket
 * starter, each only when its library is on the classpath (and, for the meters, a
 * {@link MeterRegistry} is defined). The observation of inbound messages needs no
 * configuration here: the starter uses the application's {@code ObservationRegistry}.
 *
 * @author wsboot
 * @since 0.1.0
 */
@AutoConfiguration(after = { WsAutoConfiguration.class, WsRedisRegistryAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnBean(WebSocketEndpointRegistrar.class)
public final class WsActuatorAutoConfiguration {

	private static final String HEALTH_INDICATOR = "wsHealthIndicator";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(WsMetrics.class)
		WsMeters wsMeters(MeterRegistry meterRegistry, ConnectionRegistry registry, WriteLanes lanes,
				WebSocketEndpointRegistrar registrar) {
			return new WsMeters(meterRegistry, registry, lanes, registrar.maxConnections());
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(RedisConnectionFactory.class)
		@ConditionalOnBean(RedisConnectionRegistry.class)
		static class RedisMetricsConfiguration {

			@Bean
			@ConditionalOnMissingBean
			WsRedisMeters wsRedisMeters(RedisConnectionRegistry registry) {
				return new WsRedisMeters(registry);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("ws")
	static class HealthConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(RedisConnectionFactory.class)
		@ConditionalOnBean(RedisConnectionRegistry.class)
		static class RedisHealthConfiguration {

			@Bean(HEALTH_INDICATOR)
			@ConditionalOnMissingBean(name = HEALTH_INDICATOR)
			WsRedisHealthIndicator wsHealthIndicator(RedisConnectionRegistry registry,
					WebSocketEndpointRegistrar registrar) {
				return new WsRedisHealthIndicator(registry, registrar::connectionCounts, registrar.maxConnections());
			}

		}

		@Bean(HEALTH_INDICATOR)
		@ConditionalOnMissingBean(name = HEALTH_INDICATOR)
		WsHealthIndicator wsHealthIndicator(ConnectionRegistry registry, WebSocketEndpointRegistrar registrar) {
			return new WsHealthIndicator(registry, registrar::connectionCounts, registrar.maxConnections());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ InfoContributor.class, ConditionalOnEnabledInfoContributor.class })
	@ConditionalOnEnabledInfoContributor("ws")
	static class InfoConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsInfoContributor wsInfoContributor(ConnectionRegistry registry, WebSocketEndpointRegistrar registrar,
				ObjectProvider<RedisClusterViews> redis) {
			return new WsInfoContributor(clusterView(registry, redis), () -> registrar.connectionCounts().keySet());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnAvailableEndpoint(WebSocketsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebSocketsEndpoint webSocketsEndpoint(ConnectionRegistry registry, WebSocketEndpointRegistrar registrar,
				ObjectProvider<RedisClusterViews> redis) {
			return new WebSocketsEndpoint(registry, registrar::connectionCounts, clusterView(registry, redis));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBean(RedisConnectionRegistry.class)
	static class RedisClusterViewConfiguration {

		@Bean
		RedisClusterViews wsRedisClusterViews(RedisConnectionRegistry registry) {
			return new RedisClusterViews(ClusterView.ofRedis(registry));
		}

	}

	private static ClusterView clusterView(ConnectionRegistry registry, ObjectProvider<RedisClusterViews> redis) {
		RedisClusterViews views = redis.getIfAvailable();
		return (views != null) ? views.view() : ClusterView.of(registry);
	}

	/**
	 * The view of a Redis cluster, as a bean of a type that needs no Redis classes to be
	 * looked up.
	 *
	 * @param view the view
	 */
	record RedisClusterViews(ClusterView view) {
	}

}
