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

package dev.wsboot.autoconfigure;

import dev.wsboot.actuate.WebSocketsEndpoint;
import dev.wsboot.actuate.WsHealthIndicator;
import dev.wsboot.actuate.WsInfoContributor;
import dev.wsboot.actuate.WsMeters;
import dev.wsboot.internal.endpoint.WebSocketEndpointRegistrar;
import dev.wsboot.internal.observability.WsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link WsActuatorAutoConfiguration}: each part needs its library, and
 * nothing is created, nor fails, without Actuator and Micrometer.
 */
class WsActuatorAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsAutoConfiguration.class,
				WsActuatorAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=websockets");

	@Test
	void withActuatorAndAMeterRegistryEveryPartIsThere() {
		this.runner.withUserConfiguration(Meters.class).run((context) -> {
			assertThat(context).hasSingleBean(WsMeters.class);
			assertThat(context).hasSingleBean(WsHealthIndicator.class);
			assertThat(context).hasSingleBean(WsInfoContributor.class);
			assertThat(context).hasSingleBean(WebSocketsEndpoint.class);
		});
	}

	@Test
	void withoutActuatorAndMicrometerNothingIsCreatedAndNothingFails() {
		this.runner
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class, Endpoint.class, HealthIndicator.class,
					InfoContributor.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(WebSocketEndpointRegistrar.class);
				assertThat(context).doesNotHaveBean(WsMetrics.class);
				assertThat(context).doesNotHaveBean(WsHealthIndicator.class);
				assertThat(context).doesNotHaveBean(WsInfoContributor.class);
				assertThat(context).doesNotHaveBean(WebSocketsEndpoint.class);
			});
	}

	@Test
	void withoutAMeterRegistryThereAreNoMeters() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(WsMetrics.class);
			assertThat(context).hasSingleBean(WsHealthIndicator.class);
		});
	}

	@Test
	void theHealthIndicatorCanBeSwitchedOff() {
		this.runner.withPropertyValues("management.health.ws.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WsHealthIndicator.class));
	}

	@Test
	void theEndpointIsNotCreatedWhenNotExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketsEndpoint.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
