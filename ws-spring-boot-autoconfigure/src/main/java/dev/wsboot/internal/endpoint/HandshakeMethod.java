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

import java.lang.reflect.Method;

import dev.wsboot.connection.Handshake;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * An endpoint's {@code @OnHandshake} method.
 *
 * @author wsboot
 */
final class HandshakeMethod {

	private final Object bean;

	private final Method method;

	private final boolean takesHandshake;

	HandshakeMethod(Object bean, Method method, boolean takesHandshake) {
		this.bean = bean;
		this.method = method;
		this.takesHandshake = takesHandshake;
		ReflectionUtils.makeAccessible(method);
	}

	Class<?> returnType() {
		return this.method.getReturnType();
	}

	@Nullable Object invoke(Handshake handshake) throws Exception {
		return this.takesHandshake ? EndpointMethod.call(this.method, this.bean, handshake)
				: EndpointMethod.call(this.method, this.bean);
	}

	@Override
	public String toString() {
		return EndpointMethod.describe(this.method);
	}

}
