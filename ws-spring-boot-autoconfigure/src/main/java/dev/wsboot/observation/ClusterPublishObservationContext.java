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

package dev.wsboot.observation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.transport.SenderContext;

/**
 * What an observation of a message published to the other nodes knows: its kind. Its
 * carrier is the map of headers that travels in the cluster message, so that a tracer
 * can put the trace context there.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class ClusterPublishObservationContext extends SenderContext<Map<String, String>> {

	private final String messageKind;

	/**
	 * Create a context.
	 * @param kind {@code room}, {@code connection}, {@code user} or {@code all}
	 */
	public ClusterPublishObservationContext(String kind) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		this.messageKind = kind;
		setCarrier(new LinkedHashMap<>());
		setRemoteServiceName("redis");
	}

	/**
	 * Return the kind of the message.
	 * @return {@code room}, {@code connection}, {@code user} or {@code all}
	 */
	public String getMessageKind() {
		return this.messageKind;
	}

}
