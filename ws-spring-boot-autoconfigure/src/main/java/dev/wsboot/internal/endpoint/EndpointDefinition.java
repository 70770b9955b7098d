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

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ExceptionDepthComparator;
import org.springframework.web.util.pattern.PathPattern;

/**
 * A {@code @WebSocketEndpoint} bean as read at startup: its path and its handler methods,
 * validated.
 *
 * @author wsboot
 */
final class EndpointDefinition {

	private final String beanName;

	private final String path;

	private final PathPattern pattern;

	private final Set<String> pathVariables;

	private final List<String> allowedOrigins;

	private final boolean authenticated;

	private final @Nullable HandshakeMethod onHandshake;

	private final @Nullable EndpointMethod onConnect;

	private final @Nullable EndpointMethod onDisconnect;

	private final Map<String, EndpointMethod> routes;

	private final @Nullable EndpointMethod defaultRoute;

	private final @Nullable EndpointMethod binaryRoute;

	private final List<EndpointMethod> errorHandlers;

	private final Map<Class<?>, EndpointMethod> errorHandlerCache = new ConcurrentHashMap<>();

	private final Set<String> queryParameters;

	EndpointDefinition(String beanName, String path, PathPattern pattern, Set<String> pathVariables,
			List<String> allowedOrigins, boolean authenticated, @Nullable HandshakeMethod onHandshake,
			@Nullable EndpointMethod onConnect, @Nullable EndpointMethod onDisconnect,
			Map<String, EndpointMethod> routes, @Nullable EndpointMethod defaultRoute,
			@Nullable EndpointMethod binaryRoute, List<EndpointMethod> errorHandlers, Set<String> queryParameters) {
		this.beanName = beanName;
		this.path = path;
		this.pattern = pattern;
		this.pathVariables = Set.copyOf(pathVariables);
		this.allowedOrigins = List.copyOf(allowedOrigins);
		this.authenticated = authenticated;
		this.onHandshake = onHandshake;
		this.onConnect = onConnect;
		this.onDisconnect = onDisconnect;
		this.routes = Map.copyOf(routes);
		this.defaultRoute = defaultRoute;
		this.binaryRoute = binaryRoute;
		this.errorHandlers = List.copyOf(errorHandlers);
		this.queryParameters = Set.copyOf(queryParameters);
	}

	/**
	 * Return the names of the query parameters the endpoint's methods bind with
	 * {@code @QueryParam}: all of a connection's query that is kept beyond the node.
	 * @return the query parameter names
	 */
	Set<String> queryParameters() {
		return this.queryParameters;
	}

	String beanName() {
		return this.beanName;
	}

	String path() {
		return this.path;
	}

	PathPattern pattern() {
		return this.pattern;
	}

	Set<String> pathVariables() {
		return this.pathVariables;
	}

	List<String> allowedOrigins() {
		return this.allowedOrigins;
	}

	boolean authenticated() {
		return this.authenticated;
	}

	@Nullable HandshakeMethod onHandshake() {
		return this.onHandshake;
	}

	@Nullable EndpointMethod onConnect() {
		return this.onConnect;
	}

	@Nullable EndpointMethod onDisconnect() {
		return this.onDisconnect;
	}

	@Nullable EndpointMethod route(String route) {
		return this.routes.get(route);
	}

	boolean hasRoutes() {
		return !this.routes.isEmpty();
	}

	@Nullable EndpointMethod defaultRoute() {
		return this.defaultRoute;
	}

	@Nullable EndpointMethod binaryRoute() {
		return this.binaryRoute;
	}

	/**
	 * Return the {@code @OnError} method closest to an exception type.
	 * @param exceptionType the type of the exception
	 * @return the method, or {@code null} if none accepts the exception
	 */
	@Nullable EndpointMethod errorHandler(Class<? extends Throwable> exceptionType) {
		if (this.errorHandlers.isEmpty()) {
			return null;
		}
		EndpointMethod cached = this.errorHandlerCache.get(exceptionType);
		if (cached != null) {
			return cached;
		}
		ExceptionDepthComparator comparator = new ExceptionDepthComparator(exceptionType);
		EndpointMethod match = this.errorHandlers.stream()
			.filter((handler) -> handler.exceptionType() != null && handler.exceptionType().isAssignableFrom(exceptionType))
			.min(Comparator.comparing((EndpointMethod handler) -> handler.exceptionType(), comparator))
			.orElse(null);
		if (match != null) {
			this.errorHandlerCache.put(exceptionType, match);
		}
		return match;
	}

	/**
	 * Return the path with its variable names erased, so that {@code /a/{x}} and
	 * {@code /a/{y}} compare equal.
	 * @return the path shape
	 */
	String shape() {
		return this.path.replaceAll("\\{[^}]*}", "{}");
	}

}
