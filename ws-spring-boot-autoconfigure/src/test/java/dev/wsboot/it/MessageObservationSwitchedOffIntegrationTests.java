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
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observation of inbound messages is switched off as Spring Boot's own are, with
 * {@code management.observations.enable.ws.message=false}; the other meters stay.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.observations.enable.ws.message=false")
class MessageObservationSwitchedOffIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void noTimerIsRecordedAndTheOtherMetersStay() {
		try (WsTestConnection client = WsTestConnection.connect("ws://localhost:" + this.port + "/rooms/quiet?user=q")) {
			client.awaitType("welcome");
			client.request("echo", Map.of("n", 1), "e1");
		}
		assertThat(this.meters.find("ws.message").timers()).isEmpty();
		assertThat(this.meters.find("ws.connections.opened").counter()).isNotNull();
	}

}
