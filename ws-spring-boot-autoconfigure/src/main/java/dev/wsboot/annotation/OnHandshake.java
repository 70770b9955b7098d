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
 * Marks the method that checks a handshake before the upgrade, for example a token in a
 * query parameter (browsers cannot set headers on a WebSocket request). At most one per
 * endpoint.
 *
 * <p>
 * It takes no parameter or one {@code dev.wsboot.connection.Handshake}: the path
 * variables, query parameters, headers, principal and remote address of the request, and
 * attributes it may fill for the connection.
 *
 * <p>
 * Its return value decides:
 * <ul>
 * <li>{@code void} or {@code true}: the upgrade goes on;</li>
 * <li>{@code false}: HTTP 403, no upgrade;</li>
 * <li>a {@link java.security.Principal}: the upgrade goes on and the connection's
 * principal (and so its user) is that one; {@code null} means HTTP 401.</li>
 * </ul>
 * Throwing {@code dev.wsboot.connection.HandshakeRejectedException} refuses the upgrade
 * with the exception's HTTP status. Any other exception refuses it with 500 and is
 * logged. No {@code @OnConnect} or {@code @OnDisconnect} runs for a refused handshake.
 *
 * @author wsboot
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(EndpointReflectiveProcessor.class)
public @interface OnHandshake {

}
