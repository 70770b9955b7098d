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

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Bounds the time a client may take to send a request's line and headers, a WebSocket
 * handshake's included. Tomcat bounds only the time between two reads
 * ({@code server.tomcat.connection-timeout}), so a client that trickles its headers a
 * line at a time could hold a connection for as long as it liked. Once a second, this
 * looks at the connector's sockets for those whose request is still incomplete (their
 * processor is parked waiting for the rest of the request line or headers: not an
 * asynchronous request, not an upgraded connection) and times out, as Tomcat times out a
 * silent socket, those that have been so for longer than the limit.
 * <p>
 * Finding the connector's sockets takes its endpoint, which Tomcat does not make public:
 * it is looked up once, reflectively; without it the limit is not applied and a warning
 * says so.
 *
 * @author wsboot
 */
final class TomcatRequestHeaderTimeout implements TomcatConnectorCustomizer, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(TomcatRequestHeaderTimeout.class);

	private final long timeoutNanos;

	private final List<Connector> connectors = new CopyOnWriteArrayList<>();

	/** When each incomplete request was first seen; used by the watchdog thread only. */
	private final Map<SocketWrapperBase<?>, Long> incompleteSince = new HashMap<>();

	private volatile @Nullable ScheduledExecutorService watchdog;

	TomcatRequestHeaderTimeout(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	public void customize(Connector connector) {
		this.connectors.add(connector);
	}

	@Override
	public void start() {
		if (this.timeoutNanos <= 0 || this.watchdog != null) {
			return;
		}
		CustomizableThreadFactory threads = new CustomizableThreadFactory("ws-header-timeout-");
		threads.setDaemon(true);
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(threads);
		long tick = Math.max(100, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(this.timeoutNanos) / 2));
		executor.scheduleWithFixedDelay(this::check, tick, tick, TimeUnit.MILLISECONDS);
		this.watchdog = executor;
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.watchdog;
		if (executor != null) {
			executor.shutdownNow();
			this.watchdog = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.watchdog != null;
	}

	private void check() {
		try {
			long now = System.nanoTime();
			Set<SocketWrapperBase<?>> incomplete = new HashSet<>();
			for (Connector connector : this.connectors) {
				AbstractEndpoint<?, ?> endpoint = endpoint(connector);
				if (endpoint != null) {
					check(endpoint, now, incomplete);
				}
			}
			this.incompleteSince.keySet().retainAll(incomplete);
		}
		catch (RuntimeException ex) {
			logger.warn("Looking for requests whose headers take too long failed", ex);
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void check(AbstractEndpoint endpoint, long now, Set<SocketWrapperBase<?>> incomplete) {
		for (Object connection : endpoint.getConnections()) {
			SocketWrapperBase<?> wrapper = (SocketWrapperBase<?>) connection;
			if (wrapper.getCurrentProcessor() instanceof Http11Processor processor && !processor.isAsync()
					&& !processor.isUpgrade()) {
				incomplete.add(wrapper);
				long since = this.incompleteSince.computeIfAbsent(wrapper, (key) -> now);
				if (now - since > this.timeoutNanos) {
					if (logger.isDebugEnabled()) {
						logger.debug("Closing " + wrapper + ": its request line and headers took longer than "
								+ Duration.ofNanos(this.timeoutNanos));
					}
					this.incompleteSince.remove(wrapper);
					// as Tomcat times out a socket that stays silent
					if (!endpoint.processSocket(wrapper, SocketEvent.ERROR, true)) {
						wrapper.close();
					}
				}
			}
		}
	}

	private @Nullable AbstractEndpoint<?, ?> endpoint(Connector connector) {
		if (!(connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol)) {
			return null;
		}
		return EndpointLookup.INSTANCE.endpoint(protocol);
	}

	/**
	 * Finds a protocol's endpoint, through the protected {@code getEndpoint()} of
	 * {@link AbstractProtocol}, looked up once.
	 */
	private static final class EndpointLookup {

		static final EndpointLookup INSTANCE = new EndpointLookup();

		private final @Nullable Method getEndpoint;

		private EndpointLookup() {
			Method method = null;
			try {
				method = AbstractProtocol.class.getDeclaredMethod("getEndpoint");
				method.setAccessible(true);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.warn("ws.tomcat.request-header-timeout is not applied: this Tomcat does not let the starter "
						+ "find its connector's sockets (" + ex + ")");
				method = null;
			}
			this.getEndpoint = method;
		}

		@Nullable AbstractEndpoint<?, ?> endpoint(AbstractProtocol<?> protocol) {
			if (this.getEndpoint == null) {
				return null;
			}
			try {
				return (AbstractEndpoint<?, ?>) this.getEndpoint.invoke(protocol);
			}
			catch (ReflectiveOperationException ex) {
				return null;
			}
		}

	}

}
