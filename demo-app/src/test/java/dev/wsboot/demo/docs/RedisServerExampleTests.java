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

import dev.wsboot.test.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RedisServer example of docs/testing.md: a Redis the test owns, never the
 * machine's.
 */
class RedisServerExampleTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	@Test
	void theTestOwnsARedisOnAPortOfItsOwn() {
		assertThat(redis.commands().ping()).isEqualTo("PONG");
		assertThat(redis.port()).isNotEqualTo(6379);
		assertThat(redis.properties()).contains("spring.data.redis.port=" + redis.port());
	}

}
