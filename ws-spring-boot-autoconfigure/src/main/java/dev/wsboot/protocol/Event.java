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


package dev.wsboot.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An outbound event, sent as {@code {"type":TYPE,"data":DATA}}: the conventional shape of
 * a server-originated message in this starter's wire protocol.
 *
 * <pre class="code">
 * connection.broadcast(room, Event.of("joined", Map.of("user", user)));
 * </pre>
 *
 * @param type the event type, never empty
 * @param data the event data, omitted from the JSON when {@code null}
 * @author wsboot
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(String type, @Nullable Object data) {

	/**
	 * Create an event.
	 * @param type the event type, never empty
	 * @param data the event data
	 */
	public Event {
		Assert.hasText(type, "'type' must not be empty");
	}

	/**
	 * Create an event.
	 * @param type the event type
	 * @param data the event data, or {@code null}
	 * @return the event
	 */
	public static Event of(String type, @Nullable Object data) {
		return new Event(type, data);
	}

}
