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

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wsboot.annotation.OnConnect;
import dev.wsboot.annotation.OnDisconnect;
import dev.wsboot.annotation.OnError;
import dev.wsboot.annotation.OnHandshake;
import dev.wsboot.annotation.OnMessage;
import dev.wsboot.annotation.WebSocketEndpoint;
import dev.wsboot.connection.Handshake;
import dev.wsboot.protocol.PayloadCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Reads a {@code @WebSocketEndpoint} bean into an {@link EndpointDefinition}, having
 * {@link ArgumentBinders} choose the argument resolvers of every handler method once,
 * and fails with a message naming
 * the method for every declaration it cannot serve.
 *
 * @author wsboot
 */
final class EndpointDefinitionFactory {

	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(?::[^}]*)?}");

	private static final List<Class<? extends Annotation>> KINDS = List.of(OnHandshake.class, OnConnect.class,
			OnDisconnect.class, OnMessage.class, OnError.class);

	private final ArgumentBinders binders;

	EndpointDefinitionFactory(PayloadCodec codec, ConversionService conversionService) {
		this.binders = new ArgumentBinders(codec, conversionService);
	}

	EndpointDefinition create(String beanName, Object bean) {
		Class<?> userType = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
		WebSocketEndpoint endpoint = AnnotatedElementUtils.findMergedAnnotation(userType, WebSocketEndpoint.class);
		if (endpoint == null) {
			throw new IllegalStateException("Bean '" + beanName + "' is not annotated with @WebSocketEndpoint");
		}
		String path = endpoint.path();
		String where = "@WebSocketEndpoint " + ClassUtils.getShortName(userType);
		if (!StringUtils.hasText(path) || !path.startsWith("/")) {
			throw new IllegalStateException(where + " must declare a path starting with '/', was '" + path + "'");
		}
		PathPattern pattern;
		try {
			pattern = PathPatternParser.defaultInstance.parse(path);
		}
		catch (PatternParseException ex) {
			throw new IllegalStateException(where + " declares an invalid path '" + path + "': " + ex.getMessage(), ex);
		}
		Set<String> pathVariables = new LinkedHashSet<>();
		Matcher matcher = PATH_VARIABLE.matcher(path);
		while (matcher.find()) {
			pathVariables.add(matcher.group(1));
		}
		Map<Method, Class<? extends Annotation>> methods = MethodIntrospector.selectMethods(userType,
				(MethodIntrospector.MetadataLookup<Class<? extends Annotation>>) (method) -> kindOf(method));
		Builder builder = new Builder(beanName, path, pattern, pathVariables, List.of(endpoint.allowedOrigins()),
				endpoint.authenticated());
		methods.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey((a, b) -> a.toGenericString().compareTo(b.toGenericString())))
			.forEach((entry) -> add(builder, bean, entry.getKey(), entry.getValue(), pathVariables, path));
		return builder.build();
	}

	private static @Nullable Class<? extends Annotation> kindOf(Method method) {
		Class<? extends Annotation> found = null;
		for (Class<? extends Annotation> kind : KINDS) {
			if (AnnotatedElementUtils.hasAnnotation(method, kind)) {
				if (found != null) {
					throw new IllegalStateException("Method " + EndpointMethod.describe(method) + " is annotated with both @"
							+ found.getSimpleName() + " and @" + kind.getSimpleName());
				}
				found = kind;
			}
		}
		return found;
	}

	private void add(Builder builder, Object bean, Method method, Class<? extends Annotation> kind,
			Set<String> pathVariables, String path) {
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		String name = "@" + kind.getSimpleName() + " method " + EndpointMethod.describe(method);
		if (kind == OnHandshake.class) {
			builder.onHandshake(handshakeMethod(bean, invocable, method, name), name);
			return;
		}
		ArgumentBinders.Bindings bindings = this.binders.bind(method, kind, name, pathVariables, path);
		bindings.queryParameters().forEach(builder::queryParameter);
		ArgumentResolver[] resolvers = bindings.resolvers;
		Class<? extends Throwable> exceptionType = bindings.exceptionType();
		EndpointMethod endpointMethod = new EndpointMethod(bean, invocable, resolvers, exceptionType);
		if (kind == OnConnect.class) {
			builder.onConnect(endpointMethod, name);
		}
		else if (kind == OnDisconnect.class) {
			builder.onDisconnect(endpointMethod, name);
		}
		else if (kind == OnError.class) {
			builder.errorHandler(endpointMethod.exceptionType() != null ? endpointMethod
					: new EndpointMethod(bean, invocable, resolvers, Exception.class), name);
		}
		else {
			String route = Objects.requireNonNull(AnnotatedElementUtils.findMergedAnnotation(method, OnMessage.class))
				.value();
			if (bindings.takesBinary()) {
				if (StringUtils.hasLength(route)) {
					throw new IllegalStateException(name + " takes a binary payload, which has no route: remove \"" + route
							+ "\" from @OnMessage");
				}
				builder.binaryRoute(endpointMethod, name);
			}
			else {
				builder.route(route, endpointMethod, name);
			}
		}
	}

	private static HandshakeMethod handshakeMethod(Object bean, Method invocable, Method method, String name) {
		Class<?>[] parameters = method.getParameterTypes();
		if (parameters.length > 1 || (parameters.length == 1 && parameters[0] != Handshake.class)) {
			throw new IllegalStateException(name + " must take no parameter or one Handshake");
		}
		Class<?> returnType = method.getReturnType();
		if (returnType != void.class && returnType != boolean.class && returnType != Boolean.class
				&& !Principal.class.isAssignableFrom(returnType)) {
			throw new IllegalStateException(name + " must return void, boolean or a Principal");
		}
		return new HandshakeMethod(bean, invocable, parameters.length == 1);
	}

	/**
	 * Collects the methods of one endpoint and rejects duplicates.
	 */
	private static final class Builder {

		private final String beanName;

		private final String path;

		private final PathPattern pattern;

		private final Set<String> pathVariables;

		private final List<String> allowedOrigins;

		private final boolean authenticated;

		private @Nullable HandshakeMethod onHandshake;

		private @Nullable EndpointMethod onConnect;

		private @Nullable EndpointMethod onDisconnect;

		private final Map<String, EndpointMethod> routes = new LinkedHashMap<>();

		private @Nullable EndpointMethod defaultRoute;

		private @Nullable EndpointMethod binaryRoute;

		private final List<EndpointMethod> errorHandlers = new ArrayList<>();

		private final Set<String> queryParameters = new LinkedHashSet<>();

		void queryParameter(String name) {
			this.queryParameters.add(name);
		}

		Builder(String beanName, String path, PathPattern pattern, Set<String> pathVariables,
				List<String> allowedOrigins, boolean authenticated) {
			this.beanName = beanName;
			this.path = path;
			this.pattern = pattern;
			this.pathVariables = pathVariables;
			this.allowedOrigins = allowedOrigins;
			this.authenticated = authenticated;
		}

		void onHandshake(HandshakeMethod method, String name) {
			if (this.onHandshake != null) {
				throw new IllegalStateException("Endpoint '" + this.path + "' declares @OnHandshake twice: "
						+ this.onHandshake + " and " + name.substring(name.indexOf(" method ") + 8));
			}
			this.onHandshake = method;
		}

		void onConnect(EndpointMethod method, String name) {
			check(this.onConnect, name, "@OnConnect");
			this.onConnect = method;
		}

		void onDisconnect(EndpointMethod method, String name) {
			check(this.onDisconnect, name, "@OnDisconnect");
			this.onDisconnect = method;
		}

		void binaryRoute(EndpointMethod method, String name) {
			check(this.binaryRoute, name, "binary @OnMessage");
			this.binaryRoute = method;
		}

		void route(String route, EndpointMethod method, String name) {
			if (route.isEmpty()) {
				check(this.defaultRoute, name, "default @OnMessage");
				this.defaultRoute = method;
			}
			else {
				check(this.routes.get(route), name, "@OnMessage(\"" + route + "\")");
				this.routes.put(route, method);
			}
		}

		void errorHandler(EndpointMethod method, String name) {
			for (EndpointMethod existing : this.errorHandlers) {
				if (existing.exceptionType() == method.exceptionType()) {
					throw new IllegalStateException("Two @OnError methods on endpoint '" + this.path + "' handle "
							+ ClassUtils.getShortName(Objects.requireNonNull(method.exceptionType())) + ": " + existing
							+ " and "
							+ EndpointMethod.describe(method.method()));
				}
			}
			this.errorHandlers.add(method);
		}

		private void check(@Nullable EndpointMethod existing, String name, String what) {
			if (existing != null) {
				throw new IllegalStateException("Endpoint '" + this.path + "' declares " + what + " twice: " + existing
						+ " and " + name.substring(name.indexOf(" method ") + 8));
			}
		}

		EndpointDefinition build() {
			return new EndpointDefinition(this.beanName, this.path, this.pattern, this.pathVariables,
					this.allowedOrigins, this.authenticated, this.onHandshake, this.onConnect, this.onDisconnect, this.routes, this.defaultRoute,
					this.binaryRoute, this.errorHandlers, this.queryParameters);
		}

	}

}
