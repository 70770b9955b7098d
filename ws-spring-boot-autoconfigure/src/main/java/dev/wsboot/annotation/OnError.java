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
 * Marks a method that handles exceptions thrown by the endpoint's other handler methods.
 *
 * <p>
 * Supported parameters: {@code Connection}, {@link PathParam @PathParam},
 * {@link QueryParam @QueryParam}, {@link java.security.Principal} and one
 * {@link Throwable} (or a subtype). An endpoint may declare several, for different
 * exception types; the one whose parameter type is closest to the thrown exception is
 * called. An exception that none of them accepts is logged with its stack trace and gets
 * an error frame with code {@code internal}.
 *
 * <p>
 * A non-null return value is sent to the connection, as a reply when the failed message
 * carried an {@code id}. The connection stays open.
 *
 * @author wsboot
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(EndpointReflectiveProcessor.class)
public @interface OnError {

}
