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

/**
 * Testing applications built on the WebSocket starter: {@link dev.wsboot.test.WsTestClient},
 * injectable into {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} tests, the
 * {@link dev.wsboot.test.WsTestConnection} it opens, and {@link dev.wsboot.test.RedisServer}
 * for cluster tests.
 */
@NullMarked
package dev.wsboot.test;

import org.jspecify.annotations.NullMarked;
