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
 * Marks a method that handles inbound messages.
 *
 * <h2>Routing</h2> A text message that is a JSON object with a string field named by
 * {@code ws.protocol.route-key} (default {@code action}) goes to the method whose value equals
 * that field, for example {@code {"action":"say","data":{...},"id":"7"}} goes to
 * {@code @OnMessage("say")}. A method without a value is the default route: it gets plain
 * text, JSON without the route key, and routed messages for which no method matches. At
 * most one method per route. A method with a {@code byte[]} or
 * {@link java.nio.ByteBuffer} parameter handles binary frames; at most one per endpoint
 * and it takes no route.
 *
 * <h2>Parameters</h2>
 * <ul>
 * <li>{@code Connection}: the sender.</li>
 * <li>{@link PathParam @PathParam}, {@link QueryParam @QueryParam},
 * {@link java.security.Principal}.</li>
 * <li>At most one payload parameter: {@code String} (the whole text of the message, as
 * received), {@code byte[]} or {@code ByteBuffer} (a binary message),
 * {@code tools.jackson.databind.JsonNode}, or any other type (a POJO or record, bound by
 * Jackson). {@code JsonNode} and bound types get the envelope's {@code data} field, or
 * the whole JSON document when the message carries no route key. A missing or
 * {@code null} payload is refused with {@code bad_request} unless the parameter is
 * {@code @Nullable} or an {@link java.util.Optional}.</li>
 * </ul>
 *
 * <h2>Return value</h2> A non-null return value is the reply to the sender. When the
 * inbound message carried an {@code id}, the reply is {@code {"replyTo":id,"data":value}};
 * otherwise the value is sent as it is ({@code String} as text, {@code byte[]} as binary,
 * anything else as JSON). {@code void} sends nothing. A
 * {@link java.util.concurrent.CompletionStage} is replied to when it completes.
 *
 * <h2>Errors</h2> A payload that does not bind gets an error frame with code
 * {@code bad_request}; an exception thrown by the method goes to the
 * {@link OnError @OnError} method, or else gets an error frame with code
 * {@code internal}. The connection stays open in both cases.
 *
 * @author wsboot
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(EndpointReflectiveProcessor.class)
public @interface OnMessage {

	/**
	 * Route handled by this method: the value of the route key field of the inbound
	 * envelope. Empty means the default route.
	 * @return the route
	 */
	String value() default "";

}
