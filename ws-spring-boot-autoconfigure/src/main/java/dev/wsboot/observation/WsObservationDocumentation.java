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

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the starter. Each can be switched off with
 * {@code management.observations.enable.<name>=false}, as Spring Boot's own.
 *
 * @author wsboot
 * @since 0.1.0
 */
public enum WsObservationDocumentation implements ObservationDocumentation {

	/**
	 * An inbound message dispatched to its handler method: from the complete message read
	 * to the handler's return (its reply queued). Rate-limited messages are not
	 * dispatched, and so not observed: they are counted by
	 * {@code ws.messages.rate.limited}.
	 */
	MESSAGE {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultMessageObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return MessageKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return MessageHighCardinalityKeyNames.values();
		}

	},

	/**
	 * A message published to the other nodes of a Redis cluster: a room broadcast, a send
	 * to a connection, a user or everyone. Observed only within another observation (an
	 * inbound message, a request), whose trace context it carries to the other nodes in
	 * the cluster message's headers.
	 */
	PUBLISH {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultClusterPublishObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ClusterKeyNames.values();
		}

	},

	/**
	 * A message from another node delivered to this node's clients, continuing the trace
	 * of the node that published it.
	 */
	DELIVERY {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultClusterDeliveryObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ClusterKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ClusterHighCardinalityKeyNames.values();
		}

	};

	/** The low-cardinality keys of {@link #PUBLISH} and {@link #DELIVERY}. */
	public enum ClusterKeyNames implements KeyName {

		/** The message's kind: {@code room}, {@code connection}, {@code user} or {@code all}. */
		KIND {
			@Override
			public String asString() {
				return "kind";
			}
		}

	}

	/** The high-cardinality keys of {@link #DELIVERY}. */
	public enum ClusterHighCardinalityKeyNames implements KeyName {

		/** The id of the node that published the message. */
		ORIGIN {
			@Override
			public String asString() {
				return "ws.origin.node";
			}
		}

	}

	/**
	 * The low-cardinality keys of {@link #MESSAGE}: each takes values from a bounded set.
	 */
	public enum MessageKeyNames implements KeyName {

		/** The endpoint's path pattern, such as {@code /rooms/{room}}. */
		ENDPOINT {
			@Override
			public String asString() {
				return "endpoint";
			}
		},

		/**
		 * The route of a declared {@code @OnMessage} method; {@code default} for the
		 * method without a route, {@code binary} for binary messages, {@code unknown} when
		 * no method takes the message.
		 */
		ROUTE {
			@Override
			public String asString() {
				return "route";
			}
		},

		/**
		 * How the dispatch ended: {@code success}, {@code bad_request} (unreadable or
		 * unbindable), {@code unknown_route} or {@code error} (the handler threw).
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/** The simple name of the exception the handler threw, or {@code none}. */
		EXCEPTION {
			@Override
			public String asString() {
				return "exception";
			}
		}

	}

	/** The high-cardinality keys of {@link #MESSAGE}, for traces only. */
	public enum MessageHighCardinalityKeyNames implements KeyName {

		/** The id of the connection the message came on. */
		CONNECTION_ID {
			@Override
			public String asString() {
				return "ws.connection.id";
			}
		}

	}

}
