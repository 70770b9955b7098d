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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Declares a WebSocket endpoint served at a path. The annotated class is a Spring bean (a
 * {@link Component @Component} stereotype), so it can take constructor dependencies such
 * as the {@code WebSocketMessenger}.
 *
 * <p>
 * The path may declare variables, for example {@code "/chat/{room}"}; their values are
 * bound to {@link PathParam @PathParam} parameters and are available from
 * {@code Connection.pathVariables()}.
 *
 * <p>
 * Handler methods are marked with {@link OnConnect @OnConnect},
 * {@link OnMessage @OnMessage}, {@link OnDisconnect @OnDisconnect} and
 * {@link OnError @OnError}. Everything is checked when the application starts: two
 * endpoints on one path, two methods for one route, a parameter type that cannot be
 * bound or a path variable that the path does not declare fail the startup with a
 * message naming the method.
 *
 * <h2>Lifecycle and concurrency</h2> One instance serves every connection, so an
 * endpoint must be stateless or thread-safe. Messages from one connection are handled
 * one at a time, in arrival order; different connections are handled concurrently.
 *
 * @author wsboot
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface WebSocketEndpoint {

	/**
	 * Alias for {@link #path()}.
	 * @return the path of the endpoint
	 */
	@AliasFor("path")
	String value() default "";

	/**
	 * Path of the endpoint, relative to the servlet context, for example
	 * {@code "/chat/{room}"}.
	 * @return the path of the endpoint
	 */
	@AliasFor("value")
	String path() default "";

	/**
	 * Origin patterns allowed to open a connection to this endpoint, for example
	 * {@code "https://*.example.com"}. Empty means the application-wide
	 * {@code ws.allowed-origins}, which in turn defaults to same-origin only.
	 * @return the allowed origin patterns
	 */
	String[] allowedOrigins() default {};

	/**
	 * Whether a handshake must carry a principal: the request's (for example from Spring
	 * Security) or the one an {@link OnHandshake @OnHandshake} method returns. Without one
	 * it is refused with HTTP 401 before the upgrade.
	 * @return whether authentication is required
	 */
	boolean authenticated() default false;

}
