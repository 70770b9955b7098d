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

package dev.wsboot.demo.docs;

import java.util.Map;

import dev.wsboot.registry.redis.RedisConnectionRegistry;
import dev.wsboot.test.WsTestClient;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Testcontainers example of docs/testing.md, run against the demo when a Docker
 * engine answers (skipped otherwise, as on the machine this project is built on).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ws.registry.type=redis")
@Testcontainers(disabledWithoutDocker = true)
class ChatEndpointRedisTests {

  @Container
  @ServiceConnection(name = "redis")
  static GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);

  @Autowired
  WsTestClient client;

  @Autowired
  ApplicationContext context;

  @Test
  void roomsAreHeldInRedis() {
    assertThat(context.getBean(RedisConnectionRegistry.class)).isNotNull();
    try (WsTestConnection ada = client.connect("/chat/lobby?user=ada")) {
      assertThat(ada.request("say", Map.of("text", "hi"), "1").get("ok").asBoolean()).isTrue();
    }
  }
}
