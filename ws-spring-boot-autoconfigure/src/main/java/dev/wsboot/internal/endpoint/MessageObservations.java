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

package dev.wsboot.internal.endpoint;

import dev.wsboot.observation.DefaultMessageObservationConvention;
import dev.wsboot.observation.MessageObservationContext;
import dev.wsboot.observation.MessageObservationConvention;
import dev.wsboot.observation.WsObservationDocumentation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes inbound messages when an {@link ObservationRegistry} is there to record
 * them; with none, or the no-op one, a message costs one check.
 *
 * @author wsboot
 */
public final class MessageObservations {

	/** Observes nothing. */
	public static final MessageObservations NONE = new MessageObservations(ObservationRegistry.NOOP, null);

	private static final DefaultMessageObservationConvention DEFAULT = new DefaultMessageObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable MessageObservationConvention convention;

	/**
	 * Create the observations.
	 * @param registry where to record them
	 * @param convention the application's convention, or {@code null} for the default
	 */
	public MessageObservations(ObservationRegistry registry, @Nullable MessageObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	boolean enabled() {
		return !this.registry.isNoop();
	}

	Observation start(MessageObservationContext context) {
		return WsObservationDocumentation.MESSAGE
			.observation(this.convention, DEFAULT, () -> context, this.registry)
			.start();
	}

}
