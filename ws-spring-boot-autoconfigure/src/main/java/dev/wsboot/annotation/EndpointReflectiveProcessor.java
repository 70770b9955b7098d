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

package dev.wsboot.annotation;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.ReflectiveProcessor;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.core.MethodParameter;

/**
 * The reflection a handler method needs in a native image, as Spring's
 * {@code MessageMappingReflectiveProcessor} registers it for {@code @MessageMapping}:
 * the method, invoked; its endpoint class, whose methods the starter reads at startup;
 * and the payload type it binds and the type it returns (unwrapping
 * {@code CompletionStage} and {@code Optional}), for Jackson. Types the starter supplies
 * itself (the connection, the principal, the close status, an exception, text, bytes
 * and JSON trees) need nothing.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class EndpointReflectiveProcessor implements ReflectiveProcessor {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public void registerReflectionHints(ReflectionHints hints, AnnotatedElement element) {
		if (!(element instanceof Method method)) {
			return;
		}
		hints.registerType(method.getDeclaringClass(), MemberCategory.INTROSPECT_DECLARED_METHODS);
		hints.registerMethod(method, ExecutableMode.INVOKE);
		for (int i = 0; i < method.getParameterCount(); i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			if (isBound(parameter.getParameterType()) && !parameter.hasParameterAnnotation(PathParam.class)
					&& !parameter.hasParameterAnnotation(QueryParam.class)) {
				this.bindings.registerReflectionHints(hints, parameter.getGenericParameterType());
			}
		}
		Type returned = unwrap(method.getGenericReturnType());
		if (returned instanceof Class<?> type && !isBound(type)) {
			return;
		}
		this.bindings.registerReflectionHints(hints, returned);
	}

	private static Type unwrap(Type type) {
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw
				&& (CompletionStage.class.isAssignableFrom(raw) || raw == Optional.class)) {
			return unwrap(parameterized.getActualTypeArguments()[0]);
		}
		return type;
	}

	/**
	 * Whether Jackson binds or writes a type: not one the starter supplies or writes
	 * itself.
	 */
	private static boolean isBound(Class<?> type) {
		return !(type.isPrimitive() || type == void.class || type == Void.class || type == Object.class
				|| type == String.class || type == byte[].class || ByteBuffer.class.isAssignableFrom(type)
				|| Principal.class.isAssignableFrom(type) || Throwable.class.isAssignableFrom(type)
				|| type.getName().startsWith("dev.wsboot.connection.")
				|| type.getName().equals("org.springframework.web.socket.CloseStatus")
				|| type.getName().startsWith("tools.jackson.databind.")
				|| type.getName().startsWith("org.springframework.web.socket.WebSocketSession"));
	}

}
