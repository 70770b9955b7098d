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

import java.util.Map;

import dev.wsboot.test.WsTestConnection;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;

/**
 * Every inbound message dispatched is observed, with its endpoint, declared route,
 * outcome and exception as low-cardinality keys and the connection id as a
 * high-cardinality one.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(MessageObservationIntegrationTests.Observations.class)
class MessageObservationIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TestObservationRegistry observations;

	@Test
	void everyDispatchIsObservedWithBoundedKeys() {
		try (WsTestConnection client = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/observed?user=o")) {
			String id = client.awaitType("welcome").path("data").path("id").asString();
			client.request("echo", Map.of("n", 1), "e1");
			client.sendEnvelope("fail", Map.of(), "f1");
			client.awaitError("internal");
			client.sendBinary(new byte[] { 1, 2, 3 });
			client.awaitBinary();
			assertThat(this.observations).hasObservationWithNameEqualTo("ws.message")
				.that()
				.hasContextualNameEqualTo("ws echo")
				.hasLowCardinalityKeyValue("endpoint", "/rooms/{room}")
				.hasLowCardinalityKeyValue("route", "echo")
				.hasLowCardinalityKeyValue("outcome", "success")
				.hasLowCardinalityKeyValue("exception", "none")
				.hasHighCardinalityKeyValue("ws.connection.id", id)
				.hasBeenStarted()
				.hasBeenStopped();
			assertThat(this.observations).hasAnObservation((observation) -> observation.hasNameEqualTo("ws.message")
				.hasLowCardinalityKeyValue("route", "fail")
				.hasLowCardinalityKeyValue("outcome", "error")
				.hasLowCardinalityKeyValue("exception", "IllegalStateException")
				.hasError());
			assertThat(this.observations).hasAnObservation((observation) -> observation.hasNameEqualTo("ws.message")
				.hasLowCardinalityKeyValue("route", "binary")
				.hasLowCardinalityKeyValue("outcome", "success"));
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Observations {

		@Bean
		TestObservationRegistry testObservationRegistry() {
			return TestObservationRegistry.create();
		}

	}

}
