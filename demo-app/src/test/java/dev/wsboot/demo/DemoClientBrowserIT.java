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

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wsboot.test.WsCluster;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page on wsboot.js in headless Chromium: it comes back by itself when its node
 * restarts; it gets what was said while it was away, once each and in order, from
 * another node after its own was killed with SIGKILL; a request settles with its reply
 * and times out cleanly when the server answers nothing.
 */
class DemoClientBrowserIT {

	/** The client's default backoff cap, 20 s, plus the time a node takes to start. */
	private static final Duration BACKOFF_BOUND = Duration.ofSeconds(20 + 40);

	private static final String ORIGINS = "--ws.allowed-origins=http://localhost:[*]";

	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(DemoApplication.class);

	@BeforeEach
	void browserAvailable() {
		ChatPage.assumeBrowser();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Test
	void aPageComesBackByItselfWhenItsNodeRestarts() throws Exception {
		int port = freePort();
		DemoJar node = DemoJar.startOn(port);
		try (ChatPage ada = ChatPage.open(port)) {
			ada.join("ada", "lobby");
			ada.say("before the restart").awaitText("#log", "before the restart");
			node.stop();
			ada.awaitText("#status", "reconnecting").awaitText("#log", "connection lost");
			node = DemoJar.startOn(port);
			ada.awaitText("#status", "in room lobby as ada", BACKOFF_BOUND).awaitText("#log", "back in lobby");
			ada.say("after the restart").awaitText("#log", "after the restart");
		}
		finally {
			node.close();
		}
	}

	@Test
	void whatWasSaidWhileAPageWasAwayArrivesOnceInOrderFromAnotherNodeAfterItsOwnWasKilled() throws Exception {
		WsCluster.Node a = cluster.start(ORIGINS);
		WsCluster.Node b = cluster.start(ORIGINS);
		// the page's second node starts only once the messages it must recover were said
		int cPort = freePort();
		String nodes = "localhost:" + a.port() + ",localhost:" + cPort;
		DemoJar c = null;
		try (ChatPage ada = ChatPage.open("http://localhost:" + a.port() + "/?nodes=" + nodes)) {
			ada.join("ada", "lobby");
			try (WsTestConnection bob = WsTestConnection.connect("ws://localhost:" + b.port() + "/chat/lobby?user=bob")) {
				ada.awaitText("#log", "bob joined");
				bob.sendEnvelope("say", Map.of("text", "before the crash"), null);
				ada.awaitText("#log", "before the crash");
				a.kill();
				ada.awaitText("#status", "reconnecting");
				for (int i = 1; i <= 3; i++) {
					bob.sendEnvelope("say", Map.of("text", "missed " + i), "m" + i);
					bob.awaitReply("m" + i);
				}
				List<String> args = new ArrayList<>(List.of(ORIGINS, "--ws.registry.type=redis"));
				cluster.redis().properties().forEach((property) -> args.add("--" + property));
				c = DemoJar.startOn(cPort, args.toArray(String[]::new));
				ada.awaitText("#status", "in room lobby as ada", BACKOFF_BOUND)
					.awaitText("#log", "missed 3", Duration.ofSeconds(20));
				List<String> lines = ada.lines();
				List<Integer> at = new ArrayList<>();
				for (int i = 1; i <= 3; i++) {
					String text = "missed " + i;
					assertThat(lines.stream().filter((line) -> line.endsWith(text)).count()).as(text).isEqualTo(1);
					at.add(indexOf(lines, text));
				}
				assertThat(at).isSorted();
				assertThat(indexOf(lines, "connection lost")).isLessThan(at.get(0));
				assertThat(lines).noneMatch((line) -> line.contains("could not be recovered"));
				bob.sendEnvelope("say", Map.of("text", "live again"), null);
				ada.awaitText("#log", "live again");
			}
		}
		finally {
			if (c != null) {
				c.close();
			}
		}
	}

	private static int indexOf(List<String> lines, String text) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

	@Test
	void aRequestSettlesWithItsReplyAndTimesOutCleanlyWhenTheServerAnswersNothing() throws Exception {
		try (DemoJar node = DemoJar.startOn(0); ChatPage page = ChatPage.open(node.port())) {
			Object reply = page.executeAsync("""
					const done = arguments[arguments.length - 1];
					import('/wsboot/wsboot.js').then(async ({ connect }) => {
					  window.client = connect('ws://' + location.host + '/chat/lobby?user=req');
					  const reply = await window.client.request('say', { text: 'by request' });
					  let refused;
					  try { await window.client.request('no-such-action'); } catch (e) { refused = e.code; }
					  done(reply.ok + ' ' + refused);
					}).catch((e) => done('failed: ' + e));
					""");
			assertThat(reply).isEqualTo("true unknown_action");
			node.freeze();
			try {
				Object timedOut = page.executeAsync("""
						const done = arguments[arguments.length - 1];
						const started = Date.now();
						window.client.request('say', { text: 'unanswered' }, { timeout: 1000 })
						  .then(() => done('answered'), (e) => done(e.code + ' ' + window.client._pending.size
						    + ' ' + (Date.now() - started >= 1000)));
						""");
				assertThat(timedOut).isEqualTo("timeout 0 true");
			}
			finally {
				node.thaw();
			}
			Object after = page.executeAsync("""
					const done = arguments[arguments.length - 1];
					window.client.request('members').then((members) => done(members.join(',')), (e) => done('failed: ' + e));
					""");
			assertThat(after).isEqualTo("req");
		}
	}

}
