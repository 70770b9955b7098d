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

package dev.wsboot.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link UserKeys}.
 */
class UserKeysTests {

	@Test
	void anAuthenticatedUserIsKeyedByName() {
		assertThat(UserKeys.authenticated("alice")).isEqualTo("alice");
		assertThat(UserKeys.name("alice")).isEqualTo("alice");
	}

	@Test
	void aGivenNameIsKeyedByEndpointAndNeverMeetsTheAuthenticatedUser() {
		String chat = UserKeys.unauthenticated("/chat/{room}", "alice");
		String other = UserKeys.unauthenticated("/other", "alice");
		assertThat(chat).isNotEqualTo("alice").isNotEqualTo(other);
		assertThat(UserKeys.name(chat)).isEqualTo("alice");
		assertThat(UserKeys.name(other)).isEqualTo("alice");
		// an endpoint and a name that join to the same text are still two keys
		assertThat(UserKeys.unauthenticated("/a", "b c")).isNotEqualTo(UserKeys.unauthenticated("/a b", "c"));
	}

	@Test
	void namesWithControlCharactersLoneSurrogatesOrNothingInThemAreRefused() {
		for (String bad : new String[] { "", "  ", "\0/chat/{room}\0alice", "ali\nce", "vip\ud800", "\udc00x" }) {
			assertThatIllegalArgumentException().as("'%s'", bad).isThrownBy(() -> UserKeys.authenticated(bad));
			assertThatIllegalArgumentException().as("'%s'", bad)
				.isThrownBy(() -> UserKeys.unauthenticated("/chat", bad));
		}
		assertThat(UserKeys.authenticated("ali 😀 ce")).isEqualTo("ali 😀 ce");
	}

}
