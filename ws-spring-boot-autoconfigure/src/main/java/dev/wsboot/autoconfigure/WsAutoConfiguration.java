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

import java.time.Duration;
import java.util.List;

import dev.wsboot.history.RoomHistoryPolicy;
import dev.wsboot.internal.connection.WriteLanes;
import dev.wsboot.internal.connection.DefaultConnection.SendLimits;
import dev.wsboot.internal.endpoint.EndpointSettings;
import dev.wsboot.internal.endpoint.MessageObservations;
import dev.wsboot.internal.endpoint.RateLimitSettings;
import dev.wsboot.internal.endpoint.WebSocketEndpointRegistrar;
import dev.wsboot.internal.messaging.DefaultWebSocketMessenger;
import dev.wsboot.internal.observability.WsMetrics;
import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.observation.MessageObservationConvention;
import dev.wsboot.protocol.JacksonPayloadCodec;
import dev.wsboot.protocol.PayloadCodec;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.memory.InMemoryConnectionRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for annotated WebSocket endpoints with rooms: serves every
 * {@link dev.wsboot.annotation.WebSocketEndpoint @WebSocketEndpoint} bean, with an
 * in-memory {@link ConnectionRegistry} unless the application defines another.
 *
 * @author wsboot
 * @since 0.1.0
 */
@AutoConfiguration(after = WsRedisRegistryAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ WebSocketConfigurer.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "ws.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsProperties.class)
@Import({ WsAutoConfiguration.WebSocketSupportConfiguration.class,
		WsAutoConfiguration.ServerContainerConfiguration.class })
public final class WsAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WsAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(PayloadCodec.class)
	JacksonPayloadCodec wsPayloadCodec(ObjectProvider<JsonMapper> jsonMapper, WsProperties properties) {
		return new JacksonPayloadCodec(jsonMapper.getIfAvailable(JsonMapper::new), properties.getProtocol().getRouteKey());
	}

	@Bean
	@ConditionalOnMissingBean(ConnectionRegistry.class)
	InMemoryConnectionRegistry wsConnectionRegistry(WsProperties properties, WriteLanes lanes,
			ObjectProvider<RoomHistoryPolicy> historyPolicy) {
		if (properties.getRegistry().getType() == WsProperties.RegistryType.REDIS) {
			throw new IllegalStateException("ws.registry.type=redis needs spring-boot-starter-data-redis on the classpath "
					+ "and a RedisConnectionFactory bean; none was found");
		}
		InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry(properties.membershipLimits());
		registry.setLocalDelivery(lanes);
		HistoryRules.configure(registry, properties, historyPolicy);
		logger.info((properties.getRegistry().getType() == WsProperties.RegistryType.AUTO)
				? "Rooms are held in memory, on this node only: ws.registry.type is auto and the application has no "
						+ "RedisConnectionFactory"
				: "Rooms are held in memory, on this node only: ws.registry.type is memory");
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	WriteLanes wsWriteLanes(WsProperties properties) {
		WsProperties.Outbound outbound = properties.getOutbound();
		Integer lanes = outbound.getLanes();
		require(lanes == null || lanes > 0, "ws.outbound.lanes", lanes, "at least 1");
		require(outbound.getStallThreshold().toMillis() > 0, "ws.outbound.stall-threshold",
				outbound.getStallThreshold(), "at least 1ms");
		require(outbound.getMaxStalledWriters() >= 0, "ws.outbound.max-stalled-writers",
				outbound.getMaxStalledWriters(), "zero or more");
		require(outbound.getLaneBacklogLimit().toBytes() > 0, "ws.outbound.lane-backlog-limit",
				outbound.getLaneBacklogLimit(), "more than 0B");
		require(outbound.getCloseThreads() > 0, "ws.outbound.close-threads", outbound.getCloseThreads(), "at least 1");
		require(!outbound.getDrainTimeout().isNegative(), "ws.outbound.drain-timeout", outbound.getDrainTimeout(),
				"zero or more");
		return new WriteLanes((lanes != null) ? lanes : Runtime.getRuntime().availableProcessors(),
				outbound.getStallThreshold(), outbound.getMaxStalledWriters(), outbound.getLaneBacklogLimit(),
				outbound.getCloseThreads(), outbound.getDrainTimeout());
	}

	@Bean
	@ConditionalOnMissingBean(WebSocketMessenger.class)
	DefaultWebSocketMessenger wsMessenger(ConnectionRegistry registry, PayloadCodec codec) {
		return new DefaultWebSocketMessenger(registry, codec);
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketEndpointRegistrar wsEndpointRegistrar(ListableBeanFactory beanFactory, ConnectionRegistry registry,
			PayloadCodec codec, WsProperties properties, WriteLanes lanes, Environment environment,
			ObjectProvider<WsMetrics> metrics, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<MessageObservationConvention> observationConvention) {
		SendLimits sendLimits = new SendLimits(Math.toIntExact(properties.getOutbound().getSendTimeLimit().toMillis()),
				Math.toIntExact(properties.getOutbound().getSendBufferLimit().toBytes()));
		WsProperties.RateLimit rateLimit = properties.getRateLimit();
		RateLimitSettings rateLimitSettings = new RateLimitSettings(rateLimit.isEnabled(),
				rateLimit.getMessagesPerSecond(), rateLimit.getBurst(), rateLimit.getFloodTimeout(),
				rateLimit.getMaxDrops());
		EndpointSettings settings = new EndpointSettings(Math.toIntExact(properties.getLimits().getMaxMessageSize().toBytes()),
				sendLimits, List.copyOf(properties.getAllowedOrigins()), rateLimitSettings,
				properties.getHeartbeat().getInterval(), properties.getHeartbeat().getIdleTimeout(), properties.getProtocol().isPermessageDeflate(),
				maxConnections(properties, environment), properties.getLimits().getMaxConnectionsPerAddress());
		WebSocketEndpointRegistrar registrar = new WebSocketEndpointRegistrar(beanFactory, registry, codec,
				ApplicationConversionService.getSharedInstance(), settings, lanes);
		// asked for when the handlers are registered, once every bean is defined
		registrar.setMetrics(() -> metrics.getIfAvailable(() -> WsMetrics.NONE));
		registrar.setObservations(() -> new MessageObservations(
				observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP), observationConvention.getIfAvailable()));
		return registrar;
	}

	private static void require(boolean valid, String property, @Nullable Object value, String expected) {
		if (!valid) {
			throw new IllegalStateException(property + " must be " + expected + ", not " + value);
		}
	}

	private static int maxConnections(WsProperties properties, Environment environment) {
		require(properties.getLimits().getMaxConnectionsPerAddress() >= 0, "ws.limits.max-connections-per-address",
				properties.getLimits().getMaxConnectionsPerAddress(), "zero (no limit) or more");
		Integer configured = properties.getLimits().getMaxConnections();
		if (configured != null) {
			require(configured >= 0, "ws.limits.max-connections", configured, "zero (no limit) or more");
			return configured;
		}
		long openFiles = ConnectionCapacity.openFileLimit();
		Integer connector = environment.getProperty(WsTomcatConnectionsEnvironmentPostProcessor.PROPERTY,
				Integer.class);
		int connectorMax = (connector != null) ? connector
				: (ClassUtils.isPresent("org.apache.catalina.connector.Connector", null) ? 8192 : -1);
		long maxHeap = Runtime.getRuntime().maxMemory();
		int derived = ConnectionCapacity.maxWebSocketConnections(openFiles, connectorMax, maxHeap);
		logger.info("This node takes up to " + derived + " WebSocket connections (open-file limit " + openFiles
				+ ", server.tomcat.max-connections " + connectorMax + ", heap " + (maxHeap >> 20)
				+ " MB); set ws.limits.max-connections to change it");
		return derived;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class WebSocketSupportConfiguration {

	}

	/**
	 * Serves the browser client from the jar, as Socket.IO serves its own.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.servlet.config.annotation.WebMvcConfigurer")
	@ConditionalOnBooleanProperty(name = "ws.client.enabled", matchIfMissing = true)
	static class ClientConfiguration {

		@Bean
		WsClientResources wsClientResources(WsProperties properties) {
			return new WsClientResources(properties.getClient().getCachePeriod());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "jakarta.websocket.server.ServerContainer")
	@Conditional(TuneBuffers.class)
	@ConditionalOnMissingBean(ServletServerContainerFactoryBean.class)
	static class ServerContainerConfiguration {

		@Bean
		WsServerContainerCustomizer wsServerContainerCustomizer(WsProperties properties) {
			return new WsServerContainerCustomizer(
					Math.toIntExact(properties.getTomcat().getMessageBufferSize().toBytes()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.apache.catalina.connector.Connector",
			"org.springframework.boot.tomcat.TomcatConnectorCustomizer", "org.apache.coyote.http11.Http11Processor" })
	static class TomcatRequestHeaderTimeoutConfiguration {

		@Bean
		TomcatRequestHeaderTimeout wsTomcatRequestHeaderTimeout(WsProperties properties) {
			Duration timeout = properties.getTomcat().getRequestHeaderTimeout();
			require(!timeout.isNegative(), "ws.tomcat.request-header-timeout", timeout, "zero (off) or more");
			return new TomcatRequestHeaderTimeout(timeout);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.apache.catalina.connector.Connector",
			"org.springframework.boot.tomcat.TomcatConnectorCustomizer" })
	@Conditional(TuneBuffers.class)
	static class TomcatConnectorConfiguration {

		@Bean
		TomcatConnectorCustomizer wsTomcatSocketBuffers(WsProperties properties) {
			String size = Long.toString(properties.getTomcat().getSocketBufferSize().toBytes());
			return (connector) -> {
				connector.setProperty("socket.appReadBufSize", size);
				connector.setProperty("socket.appWriteBufSize", size);
			};
		}

	}

	/**
	 * Matches unless {@code ws.tomcat.tune-buffers} (or its former name,
	 * {@code ws.container.tune-buffers}) is false.
	 */
	static class TuneBuffers extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment environment = context.getEnvironment();
			Boolean tune = environment.getProperty("ws.tomcat.tune-buffers", Boolean.class);
			if (tune == null) {
				tune = environment.getProperty("ws.container.tune-buffers", Boolean.class, true);
			}
			return tune ? ConditionOutcome.match("ws.tomcat.tune-buffers is not false")
					: ConditionOutcome.noMatch("ws.tomcat.tune-buffers is false");
		}

	}

}
