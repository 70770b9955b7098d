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

import java.time.Duration;

import dev.wsboot.internal.endpoint.WebSocketEndpointRegistrar;
import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.internal.connection.WriteLanes;
import dev.wsboot.protocol.Envelope;
import dev.wsboot.protocol.JacksonPayloadCodec;
import dev.wsboot.protocol.PayloadCodec;
import dev.wsboot.history.HistorySettings;
import dev.wsboot.history.RoomHistoryPolicy;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.memory.InMemoryConnectionRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-off of {@link WsAutoConfiguration}.
 */
class WsAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsAutoConfiguration.class));

	@Test
	void definesDefaultBeansInAServletApplication() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(InMemoryConnectionRegistry.class);
			assertThat(context).hasSingleBean(JacksonPayloadCodec.class);
			assertThat(context).hasSingleBean(WebSocketMessenger.class);
			assertThat(context).hasSingleBean(WebSocketEndpointRegistrar.class);
			assertThat(context).hasSingleBean(WsServerContainerCustomizer.class);
			assertThat(context).hasBean("wsConnectionRegistry").hasBean("wsMessenger").hasBean("wsPayloadCodec");
			assertThat(context.getBean(WsServerContainerCustomizer.class).messageBufferSize()).isEqualTo(1024);
		});
	}

	@Test
	void theFormerFlatPropertyNamesStillBindToTheirGroups() {
		this.runner
			.withPropertyValues("ws.route-key=op", "ws.permessage-deflate=true", "ws.max-message-size=2KB",
					"ws.max-rooms-per-connection=3", "ws.max-connections-per-room=4", "ws.max-connections-per-user=5",
					"ws.max-connections=600", "ws.max-connections-per-address=7", "ws.send-buffer-limit=8KB",
					"ws.send-time-limit=9s", "ws.heartbeat-interval=11s", "ws.idle-timeout=12s",
					"ws.container.tune-buffers=false", "ws.container.request-header-timeout=13s",
					"ws.registry.redis.heartbeat-interval=2s")
			.run((context) -> {
				WsProperties properties = context.getBean(WsProperties.class);
				assertThat(properties.getProtocol().getRouteKey()).isEqualTo("op");
				assertThat(properties.getProtocol().isPermessageDeflate()).isTrue();
				assertThat(properties.getLimits().getMaxMessageSize()).isEqualTo(DataSize.ofKilobytes(2));
				assertThat(properties.getLimits().getMaxRoomsPerConnection()).isEqualTo(3);
				assertThat(properties.getLimits().getMaxConnectionsPerRoom()).isEqualTo(4);
				assertThat(properties.getLimits().getMaxConnectionsPerUser()).isEqualTo(5);
				assertThat(properties.getLimits().getMaxConnections()).isEqualTo(600);
				assertThat(properties.getLimits().getMaxConnectionsPerAddress()).isEqualTo(7);
				assertThat(properties.getOutbound().getSendBufferLimit()).isEqualTo(DataSize.ofKilobytes(8));
				assertThat(properties.getOutbound().getSendTimeLimit()).isEqualTo(Duration.ofSeconds(9));
				assertThat(properties.getHeartbeat().getInterval()).isEqualTo(Duration.ofSeconds(11));
				assertThat(properties.getHeartbeat().getIdleTimeout()).isEqualTo(Duration.ofSeconds(12));
				assertThat(properties.getTomcat().isTuneBuffers()).isFalse();
				assertThat(properties.getTomcat().getRequestHeaderTimeout()).isEqualTo(Duration.ofSeconds(13));
				assertThat(properties.getRegistry().getRedis().getLivenessInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(context).doesNotHaveBean(WsServerContainerCustomizer.class);
			});
	}

	@Test
	void backsOffWhenUserDefinesARegistry() {
		this.runner.withUserConfiguration(CustomRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(ConnectionRegistry.class);
			assertThat(context.getBean(ConnectionRegistry.class)).isSameAs(context.getBean("customRegistry"));
			assertThat(context).doesNotHaveBean("wsConnectionRegistry");
		});
	}

	@Test
	void backsOffWhenUserDefinesACodec() {
		this.runner.withUserConfiguration(CustomCodec.class).run((context) -> {
			assertThat(context).hasSingleBean(PayloadCodec.class);
			assertThat(context).doesNotHaveBean("wsPayloadCodec");
			assertThat(context.getBean(PayloadCodec.class).read("{\"op\":\"x\"}").route()).isEqualTo("x");
		});
	}

	@Test
	void backsOffWhenUserDefinesAMessenger() {
		this.runner.withBean("customMessenger", WebSocketMessenger.class, () -> new CustomRegistry().messengerStub())
			.run((context) -> {
				assertThat(context).hasSingleBean(WebSocketMessenger.class);
				assertThat(context).doesNotHaveBean("wsMessenger");
			});
	}

	@Test
	void routeKeyIsConfigurable() {
		this.runner.withPropertyValues("ws.protocol.route-key=type").run((context) -> {
			Envelope envelope = context.getBean(PayloadCodec.class).read("{\"type\":\"say\",\"action\":\"other\"}");
			assertThat(envelope.route()).isEqualTo("say");
		});
	}

	@Test
	void containerBufferSizeIsConfigurable() {
		this.runner.withPropertyValues("ws.tomcat.message-buffer-size=4KB")
			.run((context) -> assertThat(context.getBean(WsServerContainerCustomizer.class).messageBufferSize())
				.isEqualTo(4096));
	}

	@Test
	void containerBufferSizesOutOfRangeFailTheStartupNamingTheProperty() {
		for (String value : new String[] { "ws.tomcat.message-buffer-size=0B", "ws.tomcat.message-buffer-size=-1KB",
				"ws.tomcat.socket-buffer-size=64B", "ws.tomcat.io-buffer-size=1GB" }) {
			this.runner.withPropertyValues(value)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining(value.substring(0, value.indexOf('=')))
					.hasMessageContaining("between 128B and 16MB"));
		}
	}

	@Test
	void outOfRangeCapsAndLaneSizesFailTheStartupNamingTheProperty() {
		for (String value : new String[] { "ws.limits.max-connections=-1", "ws.limits.max-connections-per-address=-5",
				"ws.outbound.lanes=0", "ws.outbound.stall-threshold=0ms", "ws.outbound.max-stalled-writers=-1",
				"ws.outbound.lane-backlog-limit=0B", "ws.outbound.close-threads=0",
				"ws.outbound.drain-timeout=-1s", "ws.tomcat.request-header-timeout=-1s" }) {
			this.runner.withPropertyValues(value)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageStartingWith(value.substring(0, value.indexOf('=')) + " must be"));
		}
	}

	@Test
	void servesTheBrowserClientUnlessTurnedOff() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(WsClientResources.class));
		this.runner.withPropertyValues("ws.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WsClientResources.class));
		this.runner.withPropertyValues("ws.client.cache-period=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageStartingWith("ws.client.cache-period must not be negative"));
	}

	@Test
	void halfOrOutOfRangeHistoryRulesFailTheStartupNamingTheProperty() {
		String[][] cases = { { "ws.history.rooms[0].pattern=chat:*", "ws.history.rooms[0].size=100" },
				{ "ws.history.rooms[0].pattern=chat:*", "ws.history.rooms[0].ttl=10m" },
				{ "ws.history.rooms[0].size=100", "ws.history.rooms[0].ttl=10m" },
				{ "ws.history.rooms[0].pattern= ", "ws.history.rooms[0].size=100", "ws.history.rooms[0].ttl=10m" },
				{ "ws.history.rooms[0].pattern=chat:*", "ws.history.rooms[0].size=0", "ws.history.rooms[0].ttl=10m" },
				{ "ws.history.rooms[0].pattern=chat:*", "ws.history.rooms[0].size=10001",
						"ws.history.rooms[0].ttl=10m" },
				{ "ws.history.rooms[0].pattern=chat:*", "ws.history.rooms[0].size=10", "ws.history.rooms[0].ttl=0s" },
				{ "ws.history.rooms[0].pattern=chat:*", "ws.history.rooms[0].size=10", "ws.history.rooms[0].ttl=-1m" } };
		for (String[] properties : cases) {
			this.runner.withPropertyValues(properties)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageStartingWith("ws.history.rooms[0]"));
		}
		for (String value : new String[] { "ws.history.max-replay=0", "ws.history.max-replay=10001",
				"ws.history.position-ttl=0s", "ws.history.max-rooms=0" }) {
			this.runner.withPropertyValues(value)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageStartingWith(value.substring(0, value.indexOf('=')) + " must be"));
		}
	}

	@Test
	void historyRulesOrAPolicyBeanGiveTheRegistryItsHistories() {
		this.runner.run((context) -> assertThat(context.getBean(ConnectionRegistry.class).keepsHistory()).isFalse());
		this.runner
			.withPropertyValues("ws.history.rooms[0].pattern=chat:*", "ws.history.rooms[0].size=100",
					"ws.history.rooms[0].ttl=10m")
			.run((context) -> {
				ConnectionRegistry registry = context.getBean(ConnectionRegistry.class);
				assertThat(registry.keepsHistory()).isTrue();
				assertThat(registry.history("chat:1", 10, null)).isNotNull();
				assertThat(registry.history("lobby", 10, null)).isNull();
			});
		RoomHistoryPolicy vipOnly = (room) -> room.startsWith("vip") ? new HistorySettings(5, Duration.ofMinutes(1)) : null;
		this.runner.withBean(RoomHistoryPolicy.class, () -> vipOnly)
			.withPropertyValues("ws.history.rooms[0].pattern=chat:*", "ws.history.rooms[0].size=100",
					"ws.history.rooms[0].ttl=10m")
			.run((context) -> {
				ConnectionRegistry registry = context.getBean(ConnectionRegistry.class);
				assertThat(registry.history("vip-1", 10, null)).isNotNull();
				assertThat(registry.history("chat:1", 10, null)).as("the bean replaces the rules").isNull();
			});
	}

	@Test
	void roomNameLimitOutOfRangeFailsTheStartupNamingTheProperty() {
		for (String value : new String[] { "ws.limits.max-room-name-length=-1B",
				"ws.limits.max-room-name-length=1MB" }) {
			this.runner.withPropertyValues(value)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageStartingWith("ws.limits.max-room-name-length must be between 0B (no limit) and 64KB"));
		}
	}

	@Test
	void aNegativeRoomCapFailsTheStartupNamingTheProperty() {
		this.runner.withPropertyValues("ws.limits.max-rooms=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageStartingWith("ws.limits.max-rooms must be zero (no limit) or more"));
	}

	@Test
	void malformedCapsFailTheStartup() {
		for (String value : new String[] { "ws.limits.max-connections=lots", "ws.limits.max-connections-per-address=1e9",
				"ws.limits.max-connections=99999999999", "ws.outbound.lanes=two" }) {
			this.runner.withPropertyValues(value)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.hasStackTraceContaining(value.substring(0, value.indexOf('='))));
		}
	}

	@Test
	void capsAndLaneSizesAreConfigurable() {
		this.runner
			.withPropertyValues("ws.limits.max-connections=7", "ws.limits.max-connections-per-address=3", "ws.outbound.lanes=3")
			.run((context) -> assertThat(context.getBean(WriteLanes.class).laneCount()).isEqualTo(3));
	}

	@Test
	void malformedContainerBufferSizeFailsTheStartup() {
		this.runner.withPropertyValues("ws.tomcat.socket-buffer-size=lots")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("ws.tomcat.socket-buffer-size"));
	}

	@Test
	void containerIsLeftAloneWhenTuningIsOff() {
		this.runner.withPropertyValues("ws.tomcat.tune-buffers=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WsServerContainerCustomizer.class));
	}

	@Test
	void containerIsLeftAloneWhenUserConfiguresIt() {
		this.runner
			.withBean(ServletServerContainerFactoryBean.class, ServletServerContainerFactoryBean::new,
					(definition) -> definition.setLazyInit(true))
			.run((context) -> assertThat(context).doesNotHaveBean(WsServerContainerCustomizer.class));
	}

	@Test
	void canBeDisabled() {
		this.runner.withPropertyValues("ws.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ConnectionRegistry.class);
			assertThat(context).doesNotHaveBean(WebSocketConfigurer.class);
		});
	}

	@Test
	void backsOffInANonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ConnectionRegistry.class));
	}

	@Test
	void backsOffWithoutSpringWebSocket() {
		this.runner.withClassLoader(new FilteredClassLoader(WebSocketConfigurer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ConnectionRegistry.class));
	}

	@Test
	void backsOffWithoutJackson() {
		this.runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ConnectionRegistry.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRegistry {

		@Bean
		InMemoryConnectionRegistry customRegistry() {
			return new InMemoryConnectionRegistry("custom");
		}

		WebSocketMessenger messengerStub() {
			return new dev.wsboot.internal.messaging.DefaultWebSocketMessenger(customRegistry(),
					new JacksonPayloadCodec(new JsonMapper(), "action"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomCodec {

		@Bean
		PayloadCodec customCodec() {
			return new JacksonPayloadCodec(new JsonMapper(), "op");
		}

	}

}
