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

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.wsboot.history.RoomHistoryPolicy;
import dev.wsboot.internal.connection.WriteLanes;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.redis.RedisConnectionRegistry;
import dev.wsboot.registry.redis.RedisRegistrySettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link RedisConnectionRegistry}: active when
 * {@code ws.registry.type} is {@code redis}, or {@code auto} (the default) and the
 * application has a {@link RedisConnectionFactory}. Built on the application's own
 * connection factory, so {@code spring.data.redis.*}, SSL bundles and
 * {@code @ServiceConnection} apply.
 *
 * @author wsboot
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ RedisConnectionFactory.class, RedisMessageListenerContainer.class })
@ConditionalOnBooleanProperty(name = "ws.enabled", matchIfMissing = true)
@ConditionalOnBean(RedisConnectionFactory.class)
@Conditional(WsRedisRegistryAutoConfiguration.RedisRegistrySelected.class)
@EnableConfigurationProperties(WsProperties.class)
public final class WsRedisRegistryAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WsRedisRegistryAutoConfiguration.class);

	private static final String CONTAINER = "wsRedisMessageListenerContainer";

	@Bean
	@ConditionalOnMissingBean(ConnectionRegistry.class)
	RedisConnectionRegistry wsConnectionRegistry(RedisConnectionFactory connectionFactory,
			@Qualifier(CONTAINER) RedisMessageListenerContainer container, WsProperties properties, WriteLanes lanes,
			Environment environment, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<RoomHistoryPolicy> historyPolicy) {
		WsProperties.Redis redis = properties.getRegistry().getRedis();
		if (redis.getDisconnectThreads() < 1) {
			throw new IllegalStateException(
					"ws.registry.redis.disconnect-threads must be at least 1, not " + redis.getDisconnectThreads());
		}
		String cluster = clusterName(redis, environment);
		String prefix = (redis.getKeyPrefix() != null) ? redis.getKeyPrefix() : "ws:" + cluster + ":";
		RedisRegistrySettings settings = new RedisRegistrySettings(cluster, prefix, redis.getNodeName(),
				redis.getLivenessInterval(), redis.getNodeTtl(), redis.isFailFast(), properties.membershipLimits(),
				redis.getDisconnectThreads(), signing(redis));
		RedisConnectionRegistry registry = new RedisConnectionRegistry(connectionFactory, container, settings);
		registry.setLocalDelivery(lanes);
		HistoryRules.configure(registry, properties, historyPolicy);
		registry.setObservationRegistry(() -> observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP));
		logger.info(((properties.getRegistry().getType() == WsProperties.RegistryType.AUTO)
				? "Rooms are shared through Redis: ws.registry.type is auto and the application has a "
						+ "RedisConnectionFactory (set ws.registry.type=memory to keep rooms on this node). "
				: "Rooms are shared through Redis: ws.registry.type is redis. ")
				+ "Cluster '" + cluster + "' (" + ((redis.getCluster() != null) ? "ws.registry.redis.cluster"
						: "from spring.application.name or the main class")
				+ "), key prefix '" + prefix + "'; every application on this Redis with the same cluster name is "
				+ "one cluster");
		return registry;
	}

	/**
	 * Return the cluster name: {@code ws.registry.redis.cluster}, which
	 * {@link WsClusterNameEnvironmentPostProcessor} sets from the application's name or main
	 * class unless the application does, or else from {@code spring.application.name}.
	 */
	static String clusterName(WsProperties.Redis redis, Environment environment) {
		String cluster = redis.getCluster();
		if (cluster == null) {
			return WsClusterNameEnvironmentPostProcessor.clusterName(environment.getProperty("spring.application.name"),
					null);
		}
		if (!cluster.matches(RedisRegistrySettings.CLUSTER_NAME)) {
			throw new IllegalStateException("ws.registry.redis.cluster must be 1 to 64 letters, digits, '.', '_' or "
					+ "'-', not '" + cluster + "'");
		}
		return cluster;
	}

	/**
	 * Return how cluster messages are signed, or {@code null} when
	 * {@code ws.registry.redis.secret} is not set.
	 */
	static RedisRegistrySettings.@Nullable Signing signing(WsProperties.Redis redis) {
		String secret = redis.getSecret();
		String previous = redis.getPreviousSecret();
		if (secret == null || secret.isEmpty()) {
			if (previous != null && !previous.isEmpty()) {
				throw new IllegalStateException(
						"ws.registry.redis.previous-secret is set without ws.registry.redis.secret");
			}
			return null;
		}
		byte[] key = secret.getBytes(StandardCharsets.UTF_8);
		if (key.length < RedisRegistrySettings.Signing.MIN_SECRET_BYTES) {
			throw new IllegalStateException("ws.registry.redis.secret must be at least "
					+ RedisRegistrySettings.Signing.MIN_SECRET_BYTES + " bytes, not " + key.length
					+ ": use a random value, for example 'openssl rand -base64 48'");
		}
		byte[] previousKey = (previous != null && !previous.isEmpty()) ? previous.getBytes(StandardCharsets.UTF_8)
				: null;
		if (previousKey != null && previousKey.length < RedisRegistrySettings.Signing.MIN_SECRET_BYTES) {
			throw new IllegalStateException("ws.registry.redis.previous-secret must be at least "
					+ RedisRegistrySettings.Signing.MIN_SECRET_BYTES + " bytes, not " + previousKey.length);
		}
		Duration maxAge = redis.getMaxMessageAge();
		if (maxAge.isNegative() || maxAge.isZero()) {
			throw new IllegalStateException("ws.registry.redis.max-message-age must be positive, not " + maxAge);
		}
		return new RedisRegistrySettings.Signing(key, previousKey, maxAge);
	}

	/**
	 * The registry's own listener container. Spring's default dispatches each message on
	 * a task of its own, which would reorder a sender's messages; this one dispatches on
	 * a single thread, in arrival order, off the Redis client's I/O thread. At most
	 * {@code ws.registry.redis.delivery-queue-capacity} messages wait; past that a message
	 * is dropped, counted and logged, rather than held up the Redis client's thread.
	 */
	@Bean(name = CONTAINER)
	@ConditionalOnMissingBean(name = CONTAINER)
	RedisMessageListenerContainer wsRedisMessageListenerContainer(RedisConnectionFactory connectionFactory,
			WsProperties properties) {
		int capacity = properties.getRegistry().getRedis().getDeliveryQueueCapacity();
		if (capacity < 1) {
			throw new IllegalStateException(
					"ws.registry.redis.delivery-queue-capacity must be at least 1, not " + capacity);
		}
		ThreadPoolTaskExecutor delivery = deliveryExecutor(capacity);
		RedisMessageListenerContainer container = new RedisMessageListenerContainer() {

			@Override
			public void destroy() throws Exception {
				super.destroy();
				delivery.shutdown();
			}

		};
		container.setConnectionFactory(connectionFactory);
		container.setTaskExecutor(delivery);
		container.setRecoveryInterval(1000);
		return container;
	}

	/**
	 * Return the executor that delivers cluster messages: one thread, in arrival order,
	 * at most {@code queueCapacity} waiting, the rest dropped and counted.
	 */
	static ThreadPoolTaskExecutor deliveryExecutor(int queueCapacity) {
		ThreadPoolTaskExecutor delivery = new ThreadPoolTaskExecutor();
		delivery.setCorePoolSize(1);
		delivery.setMaxPoolSize(1);
		delivery.setQueueCapacity(queueCapacity);
		delivery.setRejectedExecutionHandler(new DroppedDeliveries());
		delivery.setThreadNamePrefix("ws-redis-delivery-");
		delivery.setDaemon(true);
		delivery.initialize();
		return delivery;
	}

	static class RedisRegistrySelected extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String type = context.getEnvironment().getProperty("ws.registry.type", "auto").trim();
			if (type.equalsIgnoreCase("redis") || type.equalsIgnoreCase("auto")) {
				return ConditionOutcome.match("ws.registry.type is " + type);
			}
			return ConditionOutcome.noMatch("ws.registry.type is " + type);
		}

	}

}
