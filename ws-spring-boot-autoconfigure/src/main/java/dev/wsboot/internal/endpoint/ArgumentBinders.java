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
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.wsboot.annotation.OnDisconnect;
import dev.wsboot.annotation.OnError;
import dev.wsboot.annotation.OnMessage;
import dev.wsboot.annotation.PathParam;
import dev.wsboot.annotation.QueryParam;
import dev.wsboot.connection.Connection;
import dev.wsboot.protocol.Envelope;
import dev.wsboot.protocol.PayloadBindingException;
import dev.wsboot.protocol.PayloadCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * Chooses, once at startup, how each parameter of a handler method is bound: an ordered
 * chain of binders, the first that supports a parameter wins, as Spring MVC's
 * {@code HandlerMethodArgumentResolver}s do. A parameter no binder supports fails the
 * startup with a message naming the method, the parameter and what the method accepts.
 *
 * @author wsboot
 */
final class ArgumentBinders {

	private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final List<ArgumentBinder> binders;

	ArgumentBinders(PayloadCodec codec, ConversionService conversionService) {
		this.binders = List.of(new PathParamBinder(conversionService), new QueryParamBinder(conversionService),
				new ConnectionBinder(), new PrincipalBinder(), new CloseStatusBinder(), new ThrowableBinder(),
				new PayloadBinder(codec));
	}

	/**
	 * Bind every parameter of a handler method.
	 * @param method the method as declared
	 * @param kind its annotation: {@code @OnConnect}, {@code @OnMessage}, ...
	 * @param name the method's description, for messages
	 * @param pathVariables the variables of the endpoint's path
	 * @param path the endpoint's path
	 * @return the method's bindings
	 */
	Bindings bind(Method method, Class<? extends Annotation> kind, String name, Set<String> pathVariables,
			String path) {
		Bindings bindings = new Bindings(method.getParameterCount());
		for (int i = 0; i < method.getParameterCount(); i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			parameter.initParameterNameDiscovery(this.parameterNames);
			String at = name + ", parameter " + i + " (" + ClassUtils.getShortName(parameter.getParameterType()) + ")";
			Parameter candidate = new Parameter(parameter, kind, at, pathVariables, path);
			ArgumentBinder binder = this.binders.stream()
				.filter((each) -> each.supports(candidate))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(at + " has an unsupported type; @" + kind.getSimpleName()
						+ " methods accept " + accepted(kind)));
			bindings.resolvers[i] = binder.bind(candidate, bindings);
		}
		return bindings;
	}

	private static String accepted(Class<? extends Annotation> kind) {
		String common = "Connection, @PathParam, @QueryParam and Principal";
		if (kind == OnMessage.class) {
			return common + " and one payload (String, byte[], ByteBuffer, JsonNode or a type bound by Jackson)";
		}
		if (kind == OnDisconnect.class) {
			return common + " and CloseStatus";
		}
		if (kind == OnError.class) {
			return common + " and one Throwable";
		}
		return common;
	}

	/**
	 * A handler method's parameters as bound: a resolver per parameter, and what the
	 * binders learned of the method on the way.
	 */
	static final class Bindings {

		final ArgumentResolver[] resolvers;

		private @Nullable Class<? extends Throwable> exceptionType;

		private PayloadKind payload = PayloadKind.NONE;

		private final Set<String> queryParameters = new LinkedHashSet<>();

		Bindings(int parameters) {
			this.resolvers = new ArgumentResolver[parameters];
		}

		/** The type of the method's exception parameter, if it has one. */
		@Nullable Class<? extends Throwable> exceptionType() {
			return this.exceptionType;
		}

		/** Whether the method takes a binary payload (and so has no route). */
		boolean takesBinary() {
			return this.payload == PayloadKind.BINARY;
		}

		/** The query parameters the method binds, which the connection keeps. */
		Set<String> queryParameters() {
			return this.queryParameters;
		}

	}

	/** A parameter being bound, with where it is declared. */
	record Parameter(MethodParameter parameter, Class<? extends Annotation> kind, String at, Set<String> pathVariables,
			String path) {

		Class<?> type() {
			return this.parameter.getParameterType();
		}

		String nameOf(String declared) {
			if (StringUtils.hasText(declared)) {
				return declared;
			}
			String name = this.parameter.getParameterName();
			if (name == null) {
				throw new IllegalStateException(
						this.at + " has no name: give the annotation a value or compile with -parameters");
			}
			return name;
		}

	}

	/** Binds the parameters it supports. */
	interface ArgumentBinder {

		boolean supports(Parameter parameter);

		/**
		 * Bind a supported parameter, or fail the startup if it is declared wrongly.
		 * @param parameter the parameter
		 * @param bindings the method's bindings so far
		 * @return the parameter's resolver
		 */
		ArgumentResolver bind(Parameter parameter, Bindings bindings);

	}

	/**
	 * A parameter annotated as a path variable or a query parameter, converted from its
	 * String value.
	 */
	private abstract static class StringValueBinder implements ArgumentBinder {

		private final Class<? extends Annotation> annotation;

		private final ConversionService conversionService;

		StringValueBinder(Class<? extends Annotation> annotation, ConversionService conversionService) {
			this.annotation = annotation;
			this.conversionService = conversionService;
		}

		@Override
		public boolean supports(Parameter parameter) {
			return parameter.parameter().hasParameterAnnotation(this.annotation);
		}

		ArgumentResolver converting(Parameter parameter, String what, StringSource source) {
			if (parameter.type() == String.class) {
				return source::get;
			}
			TypeDescriptor target = new TypeDescriptor(parameter.parameter());
			if (!this.conversionService.canConvert(STRING, target)) {
				throw new IllegalStateException(parameter.at() + " cannot be converted from the String value of the " + what);
			}
			ConversionService conversionService = this.conversionService;
			return (invocation) -> {
				String value = source.get(invocation);
				if (value == null) {
					return null;
				}
				try {
					return conversionService.convert(value, STRING, target);
				}
				catch (ConversionException ex) {
					throw new PayloadBindingException("Invalid " + what, ex);
				}
			};
		}

	}

	private static final class PathParamBinder extends StringValueBinder {

		PathParamBinder(ConversionService conversionService) {
			super(PathParam.class, conversionService);
		}

		@Override
		public ArgumentResolver bind(Parameter parameter, Bindings bindings) {
			PathParam annotation = Objects.requireNonNull(parameter.parameter().getParameterAnnotation(PathParam.class));
			String variable = parameter.nameOf(annotation.value());
			if (!parameter.pathVariables().contains(variable)) {
				throw new IllegalStateException(parameter.at() + " binds path variable '" + variable + "' but path '"
						+ parameter.path() + "' declares "
						+ (parameter.pathVariables().isEmpty() ? "none" : parameter.pathVariables()));
			}
			return converting(parameter, "path variable '" + variable + "'",
					(invocation) -> invocation.connection().pathVariable(variable));
		}

	}

	private static final class QueryParamBinder extends StringValueBinder {

		QueryParamBinder(ConversionService conversionService) {
			super(QueryParam.class, conversionService);
		}

		@Override
		public ArgumentResolver bind(Parameter parameter, Bindings bindings) {
			QueryParam annotation = Objects.requireNonNull(parameter.parameter().getParameterAnnotation(QueryParam.class));
			String query = parameter.nameOf(annotation.value());
			if (parameter.type().isPrimitive()) {
				throw new IllegalStateException(parameter.at() + " binds query parameter '" + query
						+ "', which may be missing: use "
						+ ClassUtils.getShortName(ClassUtils.resolvePrimitiveIfNecessary(parameter.type())));
			}
			bindings.queryParameters.add(query);
			return converting(parameter, "query parameter '" + query + "'",
					(invocation) -> invocation.connection().queryParameter(query));
		}

	}

	private static final class ConnectionBinder implements ArgumentBinder {

		@Override
		public boolean supports(Parameter parameter) {
			return parameter.type() == Connection.class;
		}

		@Override
		public ArgumentResolver bind(Parameter parameter, Bindings bindings) {
			return Invocation::connection;
		}

	}

	private static final class PrincipalBinder implements ArgumentBinder {

		@Override
		public boolean supports(Parameter parameter) {
			return Principal.class.isAssignableFrom(parameter.type());
		}

		@Override
		public ArgumentResolver bind(Parameter parameter, Bindings bindings) {
			Class<?> type = parameter.type();
			return (invocation) -> {
				Principal principal = invocation.connection().principal();
				return type.isInstance(principal) ? principal : null;
			};
		}

	}

	private static final class CloseStatusBinder implements ArgumentBinder {

		@Override
		public boolean supports(Parameter parameter) {
			return parameter.type() == CloseStatus.class && parameter.kind() == OnDisconnect.class;
		}

		@Override
		public ArgumentResolver bind(Parameter parameter, Bindings bindings) {
			return Invocation::status;
		}

	}

	private static final class ThrowableBinder implements ArgumentBinder {

		@Override
		public boolean supports(Parameter parameter) {
			return Throwable.class.isAssignableFrom(parameter.type()) && parameter.kind() == OnError.class;
		}

		@Override
		public ArgumentResolver bind(Parameter parameter, Bindings bindings) {
			if (bindings.exceptionType != null) {
				throw new IllegalStateException(parameter.at() + " is a second exception parameter");
			}
			@SuppressWarnings("unchecked")
			Class<? extends Throwable> thrown = (Class<? extends Throwable>) parameter.type();
			bindings.exceptionType = thrown;
			return (invocation) -> thrown.isInstance(invocation.error()) ? invocation.error() : null;
		}

	}

	/** The payload of an {@code @OnMessage} method: raw, as text or JSON, or bound by the codec. */
	private static final class PayloadBinder implements ArgumentBinder {

		private final PayloadCodec codec;

		PayloadBinder(PayloadCodec codec) {
			this.codec = codec;
		}

		@Override
		public boolean supports(Parameter parameter) {
			return parameter.kind() == OnMessage.class && !isReserved(parameter.type());
		}

		private static boolean isReserved(Class<?> type) {
			return type == CloseStatus.class || Throwable.class.isAssignableFrom(type)
					|| WebSocketSession.class.isAssignableFrom(type) || Connection.class.isAssignableFrom(type);
		}

		@Override
		public ArgumentResolver bind(Parameter parameter, Bindings bindings) {
			if (bindings.payload != PayloadKind.NONE) {
				throw new IllegalStateException(parameter.at() + " is a second payload parameter; a method takes at most one");
			}
			Class<?> type = parameter.type();
			bindings.payload = (type == byte[].class || type == ByteBuffer.class) ? PayloadKind.BINARY : PayloadKind.TEXT;
			if (type == byte[].class) {
				return (invocation) -> {
					ByteBuffer buffer = invocation.binary();
					if (buffer == null) {
						return null;
					}
					byte[] bytes = new byte[buffer.remaining()];
					buffer.duplicate().get(bytes);
					return bytes;
				};
			}
			if (type == ByteBuffer.class) {
				return (invocation) -> {
					ByteBuffer buffer = invocation.binary();
					return (buffer != null) ? buffer.asReadOnlyBuffer() : null;
				};
			}
			if (type == String.class) {
				return (invocation) -> {
					Envelope envelope = invocation.envelope();
					return (envelope != null) ? envelope.text() : null;
				};
			}
			if (type == JsonNode.class) {
				return (invocation) -> {
					Envelope envelope = invocation.envelope();
					return (envelope != null) ? envelope.payload() : null;
				};
			}
			PayloadCodec codec = this.codec;
			java.lang.reflect.Type genericType = parameter.parameter().getGenericParameterType();
			boolean optional = parameter.parameter().isOptional();
			return (invocation) -> {
				Envelope envelope = invocation.envelope();
				if (envelope == null || !envelope.isJson()) {
					throw new PayloadBindingException(
							(envelope != null && envelope.isMalformedJson()) ? "Malformed JSON" : "Expected a JSON message");
				}
				Object value = codec.bind(envelope.payload(), genericType);
				if (value == null && !optional) {
					throw new PayloadBindingException("Missing data");
				}
				return value;
			};
		}

	}

	@FunctionalInterface
	private interface StringSource {

		@Nullable String get(Invocation invocation);

	}

	private enum PayloadKind {

		NONE, TEXT, BINARY

	}

}
