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

import dev.wsboot.observation.WsObservationDocumentation.MessageHighCardinalityKeyNames;
import dev.wsboot.observation.WsObservationDocumentation.MessageKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default {@link MessageObservationConvention}: named {@code ws.message}, with the
 * contextual name {@code ws <route>}, and the keys of
 * {@link WsObservationDocumentation#MESSAGE}.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class DefaultMessageObservationConvention implements MessageObservationConvention {

	/** The observation's name, and so the timer's. */
	public static final String NAME = "ws.message";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(MessageObservationContext context) {
		return "ws " + context.getRoute();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(MessageObservationContext context) {
		Throwable error = context.getError();
		return KeyValues.of(MessageKeyNames.ENDPOINT.withValue(context.getEndpoint()),
				MessageKeyNames.ROUTE.withValue(context.getRoute()),
				MessageKeyNames.OUTCOME.withValue(context.getOutcome()),
				MessageKeyNames.EXCEPTION.withValue((error != null) ? error.getClass().getSimpleName() : "none"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(MessageObservationContext context) {
		return KeyValues.of(MessageHighCardinalityKeyNames.CONNECTION_ID.withValue(context.getConnectionId()));
	}

}
