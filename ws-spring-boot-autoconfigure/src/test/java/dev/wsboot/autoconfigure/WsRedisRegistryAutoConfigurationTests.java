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

import java.io.IOException;
import java.net.ServerSocket;

import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.memory.InMemoryConnectionRegistry;
import dev.wsboot.registry.redis.RedisConnectionRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which registry the auto-configuration picks. Redis points at a closed port, so no test
 * here touches a real Redis.
 */
@ExtendWith(OutputCaptureExtension.class)
class WsRedisRegistryAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
				WsRedisRegistryAutoConfiguration.class, WsAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=" + closedPort(), "spring.data.redis.timeout=500ms");

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void autoPicksRedisWhenTheApplicationHasARedisConnectionFactory(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ConnectionRegistry.class);
			assertThat(context.getBean(ConnectionRegistry.class)).isInstanceOf(RedisConnectionRegistry.class);
			assertThat(context).hasBean("wsRedisMessageListenerContainer");
		});
		assertThat(output).contains("Rooms are shared through Redis: ws.registry.type is auto and the application "
				+ "has a RedisConnectionFactory")
			.contains("Cluster 'application'")
			.contains("key prefix 'ws:application:'");
	}

	@Test
	void startsWhileRedisIsDownUnlessFailFastIsSet() {
		this.runner.withPropertyValues("ws.registry.type=redis").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(RedisConnectionRegistry.class).isRedisDown()).isTrue();
		});
	}

	@Test
	void failFastFailsTheStartupWhenRedisIsDown() {
		this.runner.withPropertyValues("ws.registry.type=redis", "ws.registry.redis.fail-fast=true").run((context) -> {
			assertThat(context).hasFailed();
			Throwable root = context.getStartupFailure();
			while (root.getCause() != null) {
				root = root.getCause();
			}
			assertThat(root).hasMessageContaining("Redis is unreachable")
				.hasMessageContaining("ws.registry.redis.fail-fast");
		});
	}

	@Test
	void outOfRangeRedisSizesFailTheStartupNamingTheProperty() {
		for (String value : new String[] { "ws.registry.redis.disconnect-threads=0",
				"ws.registry.redis.delivery-queue-capacity=-1" }) {
			this.runner.withPropertyValues("ws.registry.type=redis", value)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageStartingWith(value.substring(0, value.indexOf('=')) + " must be at least 1"));
		}
	}

	@Test
	void memoryWinsWhenAskedForEvenWithRedis() {
		this.runner.withPropertyValues("ws.registry.type=memory").run((context) -> {
			assertThat(context.getBean(ConnectionRegistry.class)).isInstanceOf(InMemoryConnectionRegistry.class);
			assertThat(context).doesNotHaveBean("wsRedisMessageListenerContainer");
		});
	}

	@Test
	void autoPicksMemoryWithoutRedisOnTheClasspath(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context.getBean(ConnectionRegistry.class))
				.isInstanceOf(InMemoryConnectionRegistry.class));
		assertThat(output).contains("Rooms are held in memory, on this node only: ws.registry.type is auto and the "
				+ "application has no RedisConnectionFactory");
	}

	@Test
	void redisWithoutRedisOnTheClasspathFailsClearly() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues("ws.registry.type=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable root = context.getStartupFailure();
				while (root.getCause() != null) {
					root = root.getCause();
				}
				assertThat(root).hasMessageContaining("ws.registry.type=redis needs spring-boot-starter-data-redis");
			});
	}

	@Test
	void registrySettingsComeFromProperties() {
		this.runner
			.withPropertyValues("ws.registry.redis.node-name=edge.1", "ws.registry.redis.key-prefix=chat:",
					"ws.registry.redis.liveness-interval=1s", "ws.registry.redis.node-ttl=3s")
			.run((context) -> assertThat(context.getBean(RedisConnectionRegistry.class).nodeId()).startsWith("edge.1."));
	}

	@Test
	void theClusterAndItsKeyPrefixComeFromTheApplicationsName(CapturedOutput output) {
		this.runner.withPropertyValues("spring.application.name=Chat Service")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("Cluster 'Chat-Service' (from spring.application.name or the main class), "
				+ "key prefix 'ws:Chat-Service:'");
	}

	@Test
	void aClusterNameThatIsSetWins(CapturedOutput output) {
		this.runner.withPropertyValues("spring.application.name=chat", "ws.registry.redis.cluster=chat-staging")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("Cluster 'chat-staging' (ws.registry.redis.cluster), key prefix 'ws:chat-staging:'");
	}

	@Test
	void badClusterAndSigningSettingsFailTheStartupWithTheirProperty() {
		assertStartupFails("ws.registry.redis.cluster=chat{1}", "ws.registry.redis.cluster must be 1 to 64");
		assertStartupFails("ws.registry.redis.cluster=" + "c".repeat(65), "ws.registry.redis.cluster must be 1 to 64");
		assertStartupFails("ws.registry.redis.secret=short", "ws.registry.redis.secret must be at least 32 bytes, not 5");
		assertStartupFails("ws.registry.redis.previous-secret=" + "p".repeat(40),
				"ws.registry.redis.previous-secret is set without ws.registry.redis.secret");
		this.runner
			.withPropertyValues("ws.registry.redis.secret=" + "s".repeat(32),
					"ws.registry.redis.previous-secret=" + "p".repeat(31))
			.run((context) -> assertThat(rootCause(context.getStartupFailure()))
				.hasMessageContaining("ws.registry.redis.previous-secret must be at least 32 bytes"));
		this.runner
			.withPropertyValues("ws.registry.redis.secret=" + "s".repeat(32), "ws.registry.redis.max-message-age=0s")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()))
				.hasMessageContaining("ws.registry.redis.max-message-age must be positive"));
	}

	@Test
	void aSecretOfThirtyTwoBytesSignsTheClustersMessages(CapturedOutput output) {
		this.runner.withPropertyValues("ws.registry.redis.secret=" + "s".repeat(32))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private void assertStartupFails(String property, String message) {
		this.runner.withPropertyValues(property)
			.run((context) -> assertThat(rootCause(context.getStartupFailure())).hasMessageContaining(message));
	}

	private static Throwable rootCause(Throwable failure) {
		assertThat(failure).isNotNull();
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root;
	}

}
