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

package dev.wsboot.history;

import dev.wsboot.messaging.WebSocketMessenger;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Rooms with history on the in-memory registry.
 */
@SpringBootTest(classes = HistoryTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.registry.type=memory", "ws.history.rooms[0].pattern=chat:*", "ws.history.rooms[0].size=1000",
				"ws.history.rooms[0].ttl=10m", "ws.history.rooms[1].pattern=small:*", "ws.history.rooms[1].size=5",
				"ws.history.rooms[1].ttl=10m", "ws.history.rooms[2].pattern=brief:*", "ws.history.rooms[2].size=100",
				"ws.history.rooms[2].ttl=1s", "ws.history.max-replay=300", "ws.history.max-rooms=200", "ws.rate-limit.enabled=false" })
class MemoryHistoryIntegrationTests extends HistoryContractTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketMessenger messenger;

	@Override
	String uri(int node, String pathAndQuery) {
		return "ws://localhost:" + this.port + pathAndQuery;
	}

	@Override
	WebSocketMessenger messenger(int node) {
		return this.messenger;
	}

	/**
	 * In memory, a history that a read started would show as an eviction: the contract
	 * test reads more rooms than this store keeps (200), then checks that the room it
	 * wrote before still has its messages.
	 */
	@Override
	void assertNoHistoryStored(String prefix) {
	}

}
