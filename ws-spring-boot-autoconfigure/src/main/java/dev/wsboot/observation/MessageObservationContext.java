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

import io.micrometer.observation.Observation;

/**
 * What an observation of an inbound message knows: the endpoint, the connection, and,
 * once the message is dispatched, its route and outcome.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class MessageObservationContext extends Observation.Context {

	/** The route of a message that no method takes. */
	public static final String UNKNOWN_ROUTE = "unknown";

	private final String endpoint;

	private final String connectionId;

	private String route = UNKNOWN_ROUTE;

	private String outcome = "success";

	/**
	 * Create a context.
	 * @param endpoint the endpoint's path pattern
	 * @param connectionId the connection's id
	 */
	public MessageObservationContext(String endpoint, String connectionId) {
		this.endpoint = endpoint;
		this.connectionId = connectionId;
	}

	/**
	 * Return the endpoint's path pattern.
	 * @return the path pattern
	 */
	public String getEndpoint() {
		return this.endpoint;
	}

	/**
	 * Return the id of the connection the message came on.
	 * @return the connection id
	 */
	public String getConnectionId() {
		return this.connectionId;
	}

	/**
	 * Return the declared route the message was dispatched to, {@code default},
	 * {@code binary}, or {@link #UNKNOWN_ROUTE}.
	 * @return the route, from a bounded set
	 */
	public String getRoute() {
		return this.route;
	}

	/**
	 * Set the route the message was dispatched to.
	 * @param route a declared route, {@code default}, {@code binary} or
	 * {@link #UNKNOWN_ROUTE}; never a value the client chose
	 */
	public void setRoute(String route) {
		this.route = route;
	}

	/**
	 * Return how the dispatch ended.
	 * @return {@code success}, {@code bad_request}, {@code unknown_route} or {@code error}
	 */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how the dispatch ended.
	 * @param outcome {@code success}, {@code bad_request}, {@code unknown_route} or
	 * {@code error}
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
