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

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults a node derives its capacity from, and the Tomcat cap the starter raises
 * only when the application does not set it.
 */
class ConnectionCapacityTests {

	private static final long GIGABYTE = 1L << 30;

	@Test
	void tomcatsCapIsTheOpenFileLimitLessAReserve() {
		assertThat(ConnectionCapacity.connectorMaxConnections(20_000)).isEqualTo(20_000 - 1024);
		assertThat(ConnectionCapacity.connectorMaxConnections(1_048_576)).isEqualTo(1_048_576 - 1024);
		assertThat(ConnectionCapacity.connectorMaxConnections(4096)).isEqualTo(4096 - 256);
		assertThat(ConnectionCapacity.connectorMaxConnections(1024)).isEqualTo(1024 - 128);
		assertThat(ConnectionCapacity.connectorMaxConnections(100)).isEqualTo(1);
		assertThat(ConnectionCapacity.connectorMaxConnections(-1)).as("limit unknown").isEqualTo(-1);
	}

	@Test
	void webSocketCapLeavesRoomForHttpBelowTheSocketsAllowed() {
		assertThat(ConnectionCapacity.maxWebSocketConnections(20_000, 18_976, 6 * GIGABYTE)).isEqualTo(17_952);
		assertThat(ConnectionCapacity.maxWebSocketConnections(20_000, -1, 6 * GIGABYTE))
			.as("Tomcat unlimited: the open files decide")
			.isEqualTo(17_952);
		assertThat(ConnectionCapacity.maxWebSocketConnections(-1, 8192, 6 * GIGABYTE))
			.as("open files unknown: Tomcat's cap decides")
			.isEqualTo(8192 - 512);
		assertThat(ConnectionCapacity.maxWebSocketConnections(20_000, 1000, 6 * GIGABYTE)).isEqualTo(1000 - 62);
		assertThat(ConnectionCapacity.maxWebSocketConnections(20_000, 10, 6 * GIGABYTE)).isEqualTo(1);
	}

	@Test
	void webSocketCapIsNoMoreThanTheHeapAllows() {
		assertThat(ConnectionCapacity.maxWebSocketConnections(1_048_576, -1, GIGABYTE / 2)).isEqualTo(16_384);
		assertThat(ConnectionCapacity.maxWebSocketConnections(-1, -1, GIGABYTE)).isEqualTo(32_768);
	}

	@Test
	void raisesTomcatsCapWhenTheApplicationDoesNotSetIt() {
		StandardEnvironment environment = new StandardEnvironment();
		new WsTomcatConnectionsEnvironmentPostProcessor().postProcessEnvironment(environment,
				new SpringApplication());
		long openFiles = ConnectionCapacity.openFileLimit();
		assertThat(environment.getProperty("server.tomcat.max-connections", Integer.class))
			.isEqualTo(ConnectionCapacity.connectorMaxConnections(openFiles))
			.isGreaterThan(8192);
	}

	@Test
	void leavesTomcatsCapAloneWhenTheApplicationSetsIt() {
		for (String value : new String[] { "100", "-1", "not a number" }) {
			StandardEnvironment environment = new StandardEnvironment();
			environment.getPropertySources()
				.addFirst(new MockPropertySource().withProperty("server.tomcat.max-connections", value));
			new WsTomcatConnectionsEnvironmentPostProcessor().postProcessEnvironment(environment,
					new SpringApplication());
			assertThat(environment.getProperty("server.tomcat.max-connections")).isEqualTo(value);
			assertThat(environment.getPropertySources().contains(WsTomcatConnectionsEnvironmentPostProcessor.SOURCE))
				.isFalse();
		}
	}

	@Test
	void leavesTomcatAloneWhenTheStarterIsDisabled() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MockPropertySource().withProperty("ws.enabled", "false"));
		new WsTomcatConnectionsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.containsProperty("server.tomcat.max-connections")).isFalse();
	}

}
