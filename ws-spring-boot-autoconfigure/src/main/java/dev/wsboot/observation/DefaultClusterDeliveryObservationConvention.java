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

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names an observation of a cluster message delivered to this node's clients
 * {@code ws.delivery}, with its kind as the one low-cardinality key and the publishing
 * node as a high-cardinality one.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class DefaultClusterDeliveryObservationConvention
		implements ObservationConvention<ClusterDeliveryObservationContext> {

	@Override
	public String getName() {
		return "ws.delivery";
	}

	@Override
	public String getContextualName(ClusterDeliveryObservationContext context) {
		return "ws deliver " + context.getMessageKind();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ClusterDeliveryObservationContext context) {
		return KeyValues.of(WsObservationDocumentation.ClusterKeyNames.KIND.withValue(context.getMessageKind()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ClusterDeliveryObservationContext context) {
		return KeyValues.of(WsObservationDocumentation.ClusterHighCardinalityKeyNames.ORIGIN.withValue(context.getOrigin()));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ClusterDeliveryObservationContext;
	}

}
