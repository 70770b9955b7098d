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


package dev.wsboot.internal.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import dev.wsboot.annotation.WebSocketEndpoint;
import dev.wsboot.internal.connection.WriteLanes;
import dev.wsboot.internal.observability.WsMetrics;
import dev.wsboot.protocol.PayloadCodec;
import dev.wsboot.registry.ConnectionRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.convert.ConversionService;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * Finds the {@link WebSocketEndpoint @WebSocketEndpoint} beans, validates them, and
 * registers a WebSocket handler for each path with Spring's WebSocket support.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class WebSocketEndpointRegistrar implements WebSocketConfigurer, SmartLifecycle {

	/**
	 * Phase in which the registrar closes every connection on shutdown: before the web
	 * server's graceful shutdown.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final CloseStatus SHUTDOWN = CloseStatus.GOING_AWAY.withReason("server shutdown");

	private volatile boolean running;

	private static final Log logger = LogFactory.getLog(WebSocketEndpointRegistrar.class);

	private final ListableBeanFactory beanFactory;

	private final ConnectionRegistry registry;

	private final PayloadCodec codec;

	private final EndpointSettings settings;

	private final EndpointDefinitionFactory definitions;

	private final List<EndpointWebSocketHandler> handlers = new CopyOnWriteArrayList<>();

	private final WriteLanes lanes;

	private final ConnectionAdmission admission;

	private volatile Supplier<WsMetrics> metrics = () -> WsMetrics.NONE;

	private volatile Supplier<MessageObservations> observations = () -> MessageObservations.NONE;

	/**
	 * Create a registrar.
	 * @param beanFactory the bean factory holding the endpoint beans
	 * @param registry the connection registry
	 * @param codec the payload codec
	 * @param conversionService converts path variables and query parameters
	 * @param settings the settings for every endpoint
	 * @param lanes the write lanes every connection sends on
	 */
	public WebSocketEndpointRegistrar(ListableBeanFactory beanFactory, ConnectionRegistry registry, PayloadCodec codec,
			ConversionService conversionService, EndpointSettings settings, WriteLanes lanes) {
		Assert.notNull(beanFactory, "'beanFactory' must not be null");
		this.beanFactory = beanFactory;
		this.registry = registry;
		this.codec = codec;
		this.settings = settings;
		this.lanes = lanes;
		this.admission = new ConnectionAdmission(settings.maxConnections(), settings.maxConnectionsPerAddress());
		this.definitions = new EndpointDefinitionFactory(codec, conversionService);
	}

	/**
	 * Count the endpoints' events with these metrics, asked for when the handlers are
	 * registered.
	 * @param metrics the metrics
	 */
	public void setMetrics(Supplier<WsMetrics> metrics) {
		this.metrics = metrics;
	}

	/**
	 * Observe inbound messages with these observations, asked for when the handlers are
	 * registered.
	 * @param observations the observations
	 */
	public void setObservations(Supplier<MessageObservations> observations) {
		this.observations = observations;
	}

	/**
	 * Return the node's connection limit.
	 * @return {@code ws.limits.max-connections}, as set or derived; 0 for none
	 */
	public int maxConnections() {
		return this.settings.maxConnections();
	}

	/**
	 * Return the path pattern of every endpoint and its number of open connections on
	 * this node.
	 * @return the connections per endpoint, in the order the endpoints were registered
	 */
	public Map<String, Integer> connectionCounts() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (EndpointWebSocketHandler handler : this.handlers) {
			counts.put(handler.endpoint().path(), handler.connectionCount());
		}
		return counts;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry handlerRegistry) {
		Map<String, EndpointDefinition> byShape = new LinkedHashMap<>();
		for (String beanName : this.beanFactory.getBeanNamesForAnnotation(WebSocketEndpoint.class)) {
			if (beanName.startsWith("scopedTarget.")) {
				continue;
			}
			EndpointDefinition definition = this.definitions.create(beanName, this.beanFactory.getBean(beanName));
			EndpointDefinition existing = byShape.putIfAbsent(definition.shape(), definition);
			if (existing != null) {
				throw new IllegalStateException("Two @WebSocketEndpoint beans serve path '" + definition.path() + "': '"
						+ existing.beanName() + "' (" + existing.path() + ") and '" + beanName + "'");
			}
		}
		Map<String, EndpointWebSocketHandler> byPath = new LinkedHashMap<>();
		WsMetrics metrics = this.metrics.get();
		MessageObservations observations = this.observations.get();
		EndpointHandshakeHandler handshakeHandler = new EndpointHandshakeHandler(this.settings.compression());
		for (EndpointDefinition definition : byShape.values()) {
			EndpointWebSocketHandler handler = new EndpointWebSocketHandler(definition, this.registry, this.codec,
					this.settings, this.lanes, this.admission, metrics, observations);
			this.handlers.add(handler);
			metrics.endpointRegistered(definition.path(), handler::connectionCount);
			byPath.put(definition.path(), handler);
			List<String> origins = definition.allowedOrigins().isEmpty() ? this.settings.allowedOrigins()
					: definition.allowedOrigins();
			// Spring runs its own origin check after the registration's interceptors: check
			// first, so that a cross-site handshake reaches neither the connection caps nor
			// @OnHandshake (user code)
			OriginHandshakeInterceptor originFirst = new CountingOriginInterceptor(metrics, definition.path());
			if (!origins.isEmpty()) {
				originFirst.setAllowedOriginPatterns(origins);
			}
			WebSocketHandlerRegistration registration = handlerRegistry.addHandler(handler, definition.path())
				.setHandshakeHandler(handshakeHandler)
				.addInterceptors(originFirst,
						new EndpointHandshakeInterceptor(definition, this.registry, this.admission, metrics));
			if (!origins.isEmpty()) {
				registration.setAllowedOriginPatterns(origins.toArray(String[]::new));
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Mapped WebSocket endpoint '" + definition.path() + "' to bean '" + definition.beanName()
						+ "'");
			}
		}
		this.registry.setLostConnectionListener((lost) -> {
			EndpointWebSocketHandler handler = byPath.get(lost.endpoint());
			if (handler != null) {
				handler.connectionLost(lost);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Lost connection " + lost.connectionId() + " belongs to endpoint '" + lost.endpoint()
						+ "', which this node does not serve");
			}
		});
	}

	private volatile @Nullable ScheduledExecutorService heartbeat;

	@Override
	public void start() {
		long interval = this.settings.heartbeatInterval().toMillis();
		long idleTimeout = this.settings.idleTimeout().toMillis();
		long sendTimeLimit = this.settings.sendLimits().sendTimeLimitMillis();
		long tick = Math.min(Math.min((interval > 0) ? interval : Long.MAX_VALUE,
				(idleTimeout > 0) ? idleTimeout : Long.MAX_VALUE), (sendTimeLimit > 0) ? sendTimeLimit : Long.MAX_VALUE);
		if (tick != Long.MAX_VALUE && !this.handlers.isEmpty()) {
			CustomizableThreadFactory threads = new CustomizableThreadFactory("ws-heartbeat-");
			threads.setDaemon(true);
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(threads);
			executor.scheduleWithFixedDelay(this::heartbeat, tick, tick, TimeUnit.MILLISECONDS);
			this.heartbeat = executor;
		}
		this.running = true;
	}

	private void heartbeat() {
		for (EndpointWebSocketHandler handler : this.handlers) {
			try {
				handler.heartbeat();
			}
			catch (RuntimeException ex) {
				logger.warn("Heartbeat of endpoint '" + handler.endpoint().path() + "' failed", ex);
			}
		}
	}

	/**
	 * Close every connection with 1001 (going away), so that clients reconnect elsewhere
	 * and {@code @OnDisconnect} runs for each while the application is still up; then
	 * wait, up to the lanes' drain timeout, for the clients to answer the close. The web
	 * server stops after this: a socket it closed with the client's close frame still
	 * unread would be reset, and a reset may destroy the server's close frame in the
	 * client's buffers before the client reads it, so that it sees 1006 instead of 1001.
	 */
	@Override
	public void stop() {
		this.running = false;
		ScheduledExecutorService executor = this.heartbeat;
		if (executor != null) {
			executor.shutdownNow();
		}
		for (EndpointWebSocketHandler handler : this.handlers) {
			handler.closeAll(SHUTDOWN);
		}
		long deadline = System.nanoTime() + this.lanes.drainTimeout().toNanos();
		while (this.handlers.stream().anyMatch(EndpointWebSocketHandler::hasSessions) && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Return the number of WebSocket connections of this node, those being opened
	 * included.
	 * @return the number of connections
	 */
	public int openConnections() {
		return this.admission.openConnections();
	}

	/**
	 * Return the paths of the registered endpoints, in registration order.
	 * @return the endpoint paths
	 */
	public List<String> endpointPaths() {
		return this.handlers.stream().map((handler) -> handler.endpoint().path()).toList();
	}

}
