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

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks the method called when a client has connected, before any of its messages is
 * handled. At most one per endpoint.
 *
 * <p>
 * Supported parameters: {@code Connection}, {@link PathParam @PathParam},
 * {@link QueryParam @QueryParam} and {@link java.security.Principal} (or a subtype).
 *
 * <p>
 * A non-null return value is sent to the new connection. Throwing
 * {@code dev.wsboot.connection.ConnectionRejectedException} closes the connection with
 * 1008 (policy violation) and the exception's reason. Joining a full room closes it with
 * 1008 too, and naming a user who already has {@code ws.limits.max-connections-per-user}
 * connections closes it with 1013. Any other exception is passed to the
 * {@link OnError @OnError} method, if there is one, and closes the connection with 1011
 * (server error). {@code @OnDisconnect} still runs for a connection refused here; to
 * refuse before the upgrade, use {@link OnHandshake @OnHandshake}.
 *
 * @author wsboot
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(EndpointReflectiveProcessor.class)
public @interface OnConnect {

}
