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

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsClusterNameEnvironmentPostProcessor}.
 */
class WsClusterNameEnvironmentPostProcessorTests {

	private final WsClusterNameEnvironmentPostProcessor postProcessor = new WsClusterNameEnvironmentPostProcessor();

	@Test
	void theApplicationsNameNamesTheCluster() {
		StandardEnvironment environment = environment(Map.of("spring.application.name", "chat"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication(WsClusterNameEnvironmentPostProcessorTests.class));
		assertThat(environment.getProperty("ws.registry.redis.cluster")).isEqualTo("chat");
	}

	@Test
	void withoutANameTheMainClassNamesTheCluster() {
		StandardEnvironment environment = environment(Map.of());
		SpringApplication application = new SpringApplication(WsClusterNameEnvironmentPostProcessorTests.class);
		application.setMainApplicationClass(WsClusterNameEnvironmentPostProcessorTests.class);
		this.postProcessor.postProcessEnvironment(environment, application);
		assertThat(environment.getProperty("ws.registry.redis.cluster"))
			.isEqualTo("wsboot.autoconfigure.WsClusterNameEnvironmentPostProcessorTests");
	}

	@Test
	void aClusterTheApplicationSetsWins() {
		StandardEnvironment environment = environment(
				Map.of("spring.application.name", "chat", "ws.registry.redis.cluster", "chat-prod"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("ws.registry.redis.cluster")).isEqualTo("chat-prod");
		assertThat(environment.getPropertySources().contains(WsClusterNameEnvironmentPostProcessor.SOURCE)).isFalse();
	}

	@Test
	void namesAreMadeSafeForKeysAndBounded() {
		assertThat(WsClusterNameEnvironmentPostProcessor.clusterName(" Chat {prod}/eu ", null)).isEqualTo("Chat--prod--eu");
		assertThat(WsClusterNameEnvironmentPostProcessor.clusterName(null, "com.example.Outer$Main"))
			.isEqualTo("com.example.Outer-Main");
		assertThat(WsClusterNameEnvironmentPostProcessor.clusterName(null, null)).isEqualTo("application");
		assertThat(WsClusterNameEnvironmentPostProcessor.clusterName("x".repeat(100), null)).hasSize(64);
		assertThat(WsClusterNameEnvironmentPostProcessor.clusterName("名前", null)).isEqualTo("--");
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
