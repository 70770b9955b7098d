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
 * Names an observation of a published cluster message {@code ws.publish}, with its kind
 * as the one low-cardinality key.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class DefaultClusterPublishObservationConvention
		implements ObservationConvention<ClusterPublishObservationContext> {

	@Override
	public String getName() {
		return "ws.publish";
	}

	@Override
	public String getContextualName(ClusterPublishObservationContext context) {
		return "ws publish " + context.getMessageKind();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ClusterPublishObservationContext context) {
		return KeyValues.of(WsObservationDocumentation.ClusterKeyNames.KIND.withValue(context.getMessageKind()));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ClusterPublishObservationContext;
	}

}
