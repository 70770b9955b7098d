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

import java.util.Map;

import io.micrometer.observation.transport.ReceiverContext;

/**
 * What an observation of a message from another node, delivered to this node's clients,
 * knows: its kind and the node that published it. Its carrier is the map of headers
 * that came with the message, so that a tracer can continue the publisher's trace.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class ClusterDeliveryObservationContext extends ReceiverContext<Map<String, String>> {

	private final String messageKind;

	private final String origin;

	/**
	 * Create a context.
	 * @param kind {@code room}, {@code connection}, {@code user} or {@code all}
	 * @param origin the id of the node that published the message
	 * @param headers the headers that came with the message
	 */
	public ClusterDeliveryObservationContext(String kind, String origin, Map<String, String> headers) {
		super((carrier, key) -> carrier.get(key));
		this.messageKind = kind;
		this.origin = origin;
		setCarrier(headers);
		setRemoteServiceName("redis");
	}

	/**
	 * Return the kind of the message.
	 * @return {@code room}, {@code connection}, {@code user} or {@code all}
	 */
	public String getMessageKind() {
		return this.messageKind;
	}

	/**
	 * Return the node that published the message.
	 * @return the node id
	 */
	public String getOrigin() {
		return this.origin;
	}

}
