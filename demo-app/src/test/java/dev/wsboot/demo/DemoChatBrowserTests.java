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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two headless Chromium tabs chat in one room through the demo page.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DemoChatBrowserTests {

	@LocalServerPort
	int port;

	@BeforeEach
	void browserAvailable() {
		ChatPage.assumeBrowser();
	}

	@Test
	void twoTabsChatInOneRoom() throws Exception {
		try (ChatPage ada = ChatPage.open(this.port); ChatPage bob = ChatPage.open(this.port)) {
			ada.join("ada", "lobby");
			bob.join("bob", "lobby");
			ada.awaitText("#log", "bob joined").awaitMembers(List.of("ada", "bob"));
			bob.awaitMembers(List.of("ada", "bob"));

			bob.say("hello <b>ada</b>");
			ada.awaitText("#log", "hello <b>ada</b>");
			bob.awaitText("#log", "hello <b>ada</b>");
			assertThat(ada.count("#log b")).isZero();

			ada.say("hi bob");
			bob.awaitText("#log", "hi bob");
			ada.screenshot("ada");
			bob.screenshot("bob");

			bob.leave();
			ada.awaitText("#log", "bob left").awaitMembers(List.of("ada"));
		}
	}

	@Test
	void aLateTabShowsWhatWasSaidBeforeItJoined() throws Exception {
		try (ChatPage ada = ChatPage.open(this.port)) {
			ada.join("ada", "history");
			ada.say("said before cy came");
			ada.awaitText("#log", "said before cy came");
			try (ChatPage cy = ChatPage.open(this.port)) {
				cy.join("cy", "history");
				cy.awaitText("#log .recent", "said before cy came");
				ada.say("said after");
				cy.awaitText("#log", "said after");
				assertThat(cy.count("#log .recent")).isEqualTo(1);
			}
		}
	}

}
