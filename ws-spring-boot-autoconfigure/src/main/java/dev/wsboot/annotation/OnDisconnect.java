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
 * Marks the method called after a connection has closed, whoever closed it. At most one
 * per endpoint.
 *
 * <p>
 * By the time it runs the connection has already left every room, so a broadcast to one
 * of its former rooms reaches only the remaining members; {@code Connection.rooms()}
 * still returns the rooms it was in when it closed.
 *
 * <p>
 * Supported parameters: {@code Connection}, {@link PathParam @PathParam},
 * {@link QueryParam @QueryParam}, {@link java.security.Principal} and
 * {@link org.springframework.web.socket.CloseStatus} (the status the connection closed
 * with). The return value is ignored; an exception is logged.
 *
 * <p>
 * It runs once per connection across the cluster. For a connection whose node was lost
 * (killed without a shutdown), it runs on the live node that swept it, with a closed
 * snapshot of the connection (id, path variables, query parameters, user and rooms; no
 * principal) and close status 1006 with the reason {@code node lost}.
 *
 * @author wsboot
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(EndpointReflectiveProcessor.class)
public @interface OnDisconnect {

}
