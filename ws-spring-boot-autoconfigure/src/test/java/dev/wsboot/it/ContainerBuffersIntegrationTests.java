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

package dev.wsboot.it;

import java.util.List;

import dev.wsboot.test.WsTestConnection;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The container's per-connection buffers are cut to 1 KB by default, on a running
 * server, and a message many times that size still gets through both ways.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ContainerBuffersIntegrationTests {

	private static final String PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	@LocalServerPort
	int port;

	@Autowired
	ServletWebServerApplicationContext context;

	@Test
	void theConnectorsSocketBuffersAreOneKilobyte() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("1024");
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("1024");
	}

	@Test
	void tomcatsWebSocketBuffersAreOneKilobyte() {
		assertThat(System.getProperty(PROPERTY)).isEqualTo("1024");
	}

	@Test
	void aMessageMuchLargerThanTheBuffersGoesBothWaysInOneFrame() {
		try (WsTestConnection client = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/big?user=b")) {
			client.awaitType("welcome");
			String text = "é€𝄞x".repeat(6_000);
			client.send("{\"action\":\"echo\",\"data\":{\"text\":\"" + text + "\"}}");
			assertThat(client.awaitJson((json) -> json.has("text"), "the echo").get("text").asString()).isEqualTo(text);
		}
	}

	@Test
	void aValueAlreadySetIsLeftAlone() {
		String before = System.getProperty(PROPERTY);
		try {
			System.setProperty(PROPERTY, "4096");
			postProcess(new MockEnvironment().withProperty("ws.tomcat.io-buffer-size", "2KB"));
			assertThat(System.getProperty(PROPERTY)).isEqualTo("4096");
		}
		finally {
			restore(before);
		}
	}

	@Test
	void theSizeComesFromTheProperty() {
		String before = System.getProperty(PROPERTY);
		try {
			System.clearProperty(PROPERTY);
			postProcess(new MockEnvironment().withProperty("ws.tomcat.io-buffer-size", "2KB"));
			assertThat(System.getProperty(PROPERTY)).isEqualTo("2048");
		}
		finally {
			restore(before);
		}
	}

	@Test
	void anOutOfRangeOrMalformedSizeFailsTheStartupAndSetsNothing() {
		String before = System.getProperty(PROPERTY);
		try {
			System.clearProperty(PROPERTY);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> postProcess(new MockEnvironment().withProperty("ws.tomcat.io-buffer-size", "0B")))
				.withMessageContaining("ws.tomcat.io-buffer-size");
			assertThatIllegalArgumentException().isThrownBy(
					() -> postProcess(new MockEnvironment().withProperty("ws.tomcat.io-buffer-size", "2147483648B")));
			assertThatException().isThrownBy(
					() -> postProcess(new MockEnvironment().withProperty("ws.tomcat.io-buffer-size", "huge")));
			assertThat(System.getProperty(PROPERTY)).isNull();
		}
		finally {
			restore(before);
		}
	}

	@Test
	void nothingIsSetWhenTuningIsOff() {
		String before = System.getProperty(PROPERTY);
		try {
			System.clearProperty(PROPERTY);
			postProcess(new MockEnvironment().withProperty("ws.tomcat.tune-buffers", "false"));
			assertThat(System.getProperty(PROPERTY)).isNull();
			postProcess(new MockEnvironment().withProperty("ws.enabled", "false"));
			assertThat(System.getProperty(PROPERTY)).isNull();
		}
		finally {
			restore(before);
		}
	}

	/** Run the starter's post-processor as Spring Boot finds it: through spring.factories. */
	private static void postProcess(MockEnvironment environment) {
		List<EnvironmentPostProcessor> found = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(EnvironmentPostProcessor.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((message,
					failure) -> {
				// Spring Boot's own post-processors need arguments; only the starter's matter here
			}))
			.stream()
			.filter((postProcessor) -> postProcessor.getClass()
				.getName()
				.equals("dev.wsboot.autoconfigure.WsContainerBuffersEnvironmentPostProcessor"))
			.toList();
		assertThat(found).hasSize(1);
		found.get(0).postProcessEnvironment(environment, new SpringApplication(TestEndpointsApplication.class));
	}

	private static void restore(String value) {
		if (value != null) {
			System.setProperty(PROPERTY, value);
		}
		else {
			System.clearProperty(PROPERTY);
		}
	}

}
