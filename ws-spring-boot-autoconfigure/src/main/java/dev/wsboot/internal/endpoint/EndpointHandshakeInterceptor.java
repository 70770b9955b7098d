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

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.Principal;
import java.util.Map;

import dev.wsboot.connection.Handshake;
import dev.wsboot.connection.HandshakeRejectedException;
import dev.wsboot.internal.observability.WsMetrics;
import dev.wsboot.internal.observability.WsMetrics.HandshakeRefusal;
import dev.wsboot.registry.internal.QueryStrings;
import dev.wsboot.registry.ConnectionRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Refuses handshakes over the node's or the remote address's connection cap (503, 429,
 * at once, after the origin check and before any user code), whose URI the container cannot represent (400) or whose principal
 * already has as many connections as it may (429), and captures the values of the
 * endpoint's path variables for the connection to expose.
 *
 * @author wsboot
 */
final class EndpointHandshakeInterceptor implements HandshakeInterceptor {

	private static final String PATH_VARIABLES = EndpointHandshakeInterceptor.class.getName() + ".pathVariables";

	static final String PRINCIPAL = EndpointHandshakeInterceptor.class.getName() + ".principal";

	private static final String SLOT = ConnectionAdmission.SLOT;

	private static final String UNKNOWN_ADDRESS = "";

	private static final Log logger = LogFactory.getLog(EndpointHandshakeInterceptor.class);

	private final EndpointDefinition endpoint;

	private final PathPattern pattern;

	private final ConnectionRegistry registry;

	private final ConnectionAdmission admission;

	private final WsMetrics metrics;

	EndpointHandshakeInterceptor(EndpointDefinition endpoint, ConnectionRegistry registry,
			ConnectionAdmission admission, WsMetrics metrics) {
		this.endpoint = endpoint;
		this.pattern = endpoint.pattern();
		this.registry = registry;
		this.admission = admission;
		this.metrics = metrics;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		String address = remoteAddress(request);
		HttpStatus over = this.admission.admit(address);
		if (over != null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Handshake to " + this.endpoint.path() + " refused with " + over + ": "
						+ ((over == HttpStatus.SERVICE_UNAVAILABLE) ? "the node is at ws.limits.max-connections"
								: "the remote address is at ws.limits.max-connections-per-address"));
			}
			response.setStatusCode(over);
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, ConnectionAdmission.retryAfterSeconds());
			this.metrics.handshakeRefused(this.endpoint.path(), HandshakeRefusal.CAPACITY);
			return false;
		}
		String slot = (address != null) ? address : UNKNOWN_ADDRESS;
		boolean accepted = false;
		try {
			HandshakeRefusal refusal = checkHandshake(request, response, attributes);
			if (refusal != null) {
				this.metrics.handshakeRefused(this.endpoint.path(), refusal);
			}
			accepted = (refusal == null);
		}
		finally {
			if (accepted) {
				attributes.put(SLOT, slot);
				if (request instanceof ServletServerHttpRequest servletRequest) {
					servletRequest.getServletRequest().setAttribute(SLOT, slot);
				}
			}
			else {
				this.admission.release(address);
			}
		}
		return accepted;
	}

	private static Handshake handshake(ServerHttpRequest request, Map<String, String> pathVariables,
			Map<String, Object> attributes) {
		InetSocketAddress remoteAddress;
		try {
			remoteAddress = request.getRemoteAddress();
		}
		catch (RuntimeException ex) {
			remoteAddress = null;
		}
		return new Handshake(pathVariables, QueryStrings.parse(request.getURI().getRawQuery()),
				HttpHeaders.readOnlyHttpHeaders(request.getHeaders()), request.getPrincipal(), remoteAddress, attributes);
	}

	/**
	 * Check a handshake the node has room for.
	 * @return why it is refused, its status set, or {@code null} if it is accepted
	 */
	private @Nullable HandshakeRefusal checkHandshake(ServerHttpRequest request, ServerHttpResponse response,
			Map<String, Object> attributes) {
		if (!hasValidUri(request)) {
			response.setStatusCode(HttpStatus.BAD_REQUEST);
			return HandshakeRefusal.BAD_REQUEST;
		}
		Map<String, String> variables = pathVariables(request);
		Map<String, String> pathVariables = (variables != null) ? Map.copyOf(variables) : Map.of();
		Principal principal = request.getPrincipal();
		HandshakeMethod onHandshake = this.endpoint.onHandshake();
		if (onHandshake != null) {
			HttpStatus refusal;
			try {
				Object result = onHandshake.invoke(handshake(request, pathVariables, attributes));
				refusal = refusal(onHandshake, result);
				if (result instanceof Principal returned) {
					principal = returned;
					attributes.put(PRINCIPAL, returned);
				}
			}
			catch (HandshakeRejectedException ex) {
				if (logger.isDebugEnabled()) {
					logger.debug("Handshake to " + this.endpoint.path() + " refused with " + ex.getStatus() + ": "
							+ ex.getMessage());
				}
				refusal = ex.getStatus();
			}
			catch (Exception ex) {
				logger.error("@OnHandshake of " + this.endpoint.path() + " failed", ex);
				refusal = HttpStatus.INTERNAL_SERVER_ERROR;
			}
			if (refusal != null) {
				response.setStatusCode(refusal);
				return HandshakeRefusal.APPLICATION;
			}
		}
		if (this.endpoint.authenticated() && principal == null) {
			response.setStatusCode(HttpStatus.UNAUTHORIZED);
			return HandshakeRefusal.UNAUTHENTICATED;
		}
		int userLimit = this.registry.limits().maxConnectionsPerUser();
		if (principal != null && userLimit > 0 && this.registry.userConnectionCount(principal.getName()) >= userLimit) {
			response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
			return HandshakeRefusal.USER_LIMIT;
		}
		attributes.put(PATH_VARIABLES, pathVariables);
		return null;
	}

	private static @Nullable HttpStatus refusal(HandshakeMethod method, @Nullable Object result) {
		if (Boolean.FALSE.equals(result)) {
			return HttpStatus.FORBIDDEN;
		}
		if (result == null && Principal.class.isAssignableFrom(method.returnType())) {
			return HttpStatus.UNAUTHORIZED;
		}
		return null;
	}

	/**
	 * Whether the request target is a valid URI. The container builds the session's URI
	 * from it after the upgrade and fails with a server error on, for example, a
	 * malformed percent escape; such a request is refused with 400 instead.
	 */
	private static boolean hasValidUri(ServerHttpRequest request) {
		if (!(request instanceof ServletServerHttpRequest servletRequest)) {
			return true;
		}
		String path = servletRequest.getServletRequest().getRequestURI();
		String query = servletRequest.getServletRequest().getQueryString();
		try {
			new URI("ws://localhost" + path + ((query != null) ? "?" + query : ""));
			return true;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	@SuppressWarnings("unchecked")
	private @Nullable Map<String, String> pathVariables(ServerHttpRequest request) {
		if (request instanceof ServletServerHttpRequest servletRequest) {
			Object matched = servletRequest.getServletRequest().getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
			if (matched instanceof Map<?, ?> map) {
				return (Map<String, String>) map;
			}
		}
		String path = request.getURI().getRawPath();
		if (path == null) {
			return null;
		}
		PathPattern.PathMatchInfo info = this.pattern.matchAndExtract(PathContainer.parsePath(path));
		return (info != null) ? info.getUriVariables() : null;
	}

	private static @Nullable String remoteAddress(ServerHttpRequest request) {
		if (request instanceof ServletServerHttpRequest servletRequest) {
			// the client's address as the container sees it, after a RemoteIpValve or a
			// ForwardedHeaderFilter when server.forward-headers-strategy is set
			return servletRequest.getServletRequest().getRemoteAddr();
		}
		InetSocketAddress address = request.getRemoteAddress();
		return (address != null && address.getAddress() != null) ? address.getAddress().getHostAddress() : null;
	}

	/**
	 * Give the connection slot back when the handshake did not end in an upgrade: a later
	 * interceptor refused it, or the upgrade failed.
	 */
	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		if (!(request instanceof ServletServerHttpRequest servletRequest)
				|| !(response instanceof ServletServerHttpResponse servletResponse)) {
			return;
		}
		Object slot = servletRequest.getServletRequest().getAttribute(SLOT);
		if (slot instanceof String address
				&& (exception != null || servletResponse.getServletResponse().getStatus() != 101)) {
			servletRequest.getServletRequest().removeAttribute(SLOT);
			this.admission.release(address.isEmpty() ? null : address);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, String> takePathVariables(Map<String, Object> attributes) {
		Object variables = attributes.remove(PATH_VARIABLES);
		return (variables instanceof Map<?, ?> map) ? (Map<String, String>) map : Map.of();
	}

}
