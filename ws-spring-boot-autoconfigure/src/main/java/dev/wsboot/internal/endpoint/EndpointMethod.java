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

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.wsboot.protocol.PayloadBindingException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A handler method of an endpoint bean with the argument resolvers chosen for it at
 * startup.
 *
 * @author wsboot
 */
final class EndpointMethod {

	private final Object bean;

	private final Method method;

	private final ArgumentResolver[] resolvers;

	private final @Nullable Class<? extends Throwable> exceptionType;

	EndpointMethod(Object bean, Method method, ArgumentResolver[] resolvers,
			@Nullable Class<? extends Throwable> exceptionType) {
		this.bean = bean;
		this.method = method;
		this.resolvers = resolvers;
		this.exceptionType = exceptionType;
		ReflectionUtils.makeAccessible(method);
	}

	Method method() {
		return this.method;
	}

	@Nullable Class<? extends Throwable> exceptionType() {
		return this.exceptionType;
	}

	/**
	 * Invoke the method.
	 * @param invocation what the call is about
	 * @return the return value
	 * @throws PayloadBindingException if an argument could not be bound from the input
	 * @throws Exception what the method threw
	 */
	@Nullable Object invoke(Invocation invocation) throws Exception {
		Object[] args = new Object[this.resolvers.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = this.resolvers[i].resolve(invocation);
		}
		return call(this.method, this.bean, args);
	}

	/**
	 * Call a method, rethrowing what it threw rather than its reflective wrapper.
	 * @param method the method
	 * @param bean the bean to call it on
	 * @param args the arguments
	 * @return the return value
	 * @throws Exception what the method threw
	 */
	static @Nullable Object call(Method method, Object bean, @Nullable Object... args) throws Exception {
		try {
			return method.invoke(bean, args);
		}
		catch (InvocationTargetException ex) {
			Throwable target = ex.getTargetException();
			if (target instanceof Exception exception) {
				throw exception;
			}
			if (target instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	static String describe(Method method) {
		return ClassUtils.getShortName(method.getDeclaringClass()) + "." + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(ClassUtils::getShortName)
					.collect(Collectors.joining(", ", "(", ")"));
	}

	@Override
	public String toString() {
		return describe(this.method);
	}

}
