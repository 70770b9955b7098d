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


package dev.wsboot.demo;

import java.util.List;

import dev.wsboot.test.RedisServer;
import dev.wsboot.test.WsCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chat room spans two demo nodes on one Redis: a browser on each node, one room.
 */
class DemoClusterBrowserIT {

	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(DemoApplication.class);

	/** The cluster's Redis, which the demo jars share and the probes read. */
	static final RedisServer redis = cluster.redis();

	@BeforeEach
	void browserAvailable() {
		ChatPage.assumeBrowser();
	}

	@Test
	void browsersOnTwoNodesChatInOneRoom() throws Exception {
		try (WsCluster.InProcessNode one = cluster.startInProcess("--ws.registry.redis.key-prefix=browser:");
				WsCluster.InProcessNode two = cluster.startInProcess("--ws.registry.redis.key-prefix=browser:");
				ChatPage ada = ChatPage.open(one.port()); ChatPage bob = ChatPage.open(two.port())) {
			ada.join("ada", "lobby");
			bob.join("bob", "lobby");
			ada.awaitText("#log", "bob joined").awaitMembers(List.of("ada", "bob"));
			bob.awaitMembers(List.of("ada", "bob"));

			bob.say("hello from node two");
			ada.awaitText("#log", "hello from node two");
			ada.say("hello from node one");
			bob.awaitText("#log", "hello from node one");
			bob.screenshot("cluster-bob");

			bob.leave();
			ada.awaitText("#log", "bob left").awaitMembers(List.of("ada"));
		}
	}

}
