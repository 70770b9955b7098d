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

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rule for room names: not blank, valid Unicode, and no more UTF-8 bytes than the
 * limit.
 */
class RoomNamesTests {

	@Test
	void takesNamesWithinTheRule() {
		assertThatCode(() -> RoomNames.check("lobby", 256)).doesNotThrowAnyException();
		assertThatCode(() -> RoomNames.check("x".repeat(256), 256)).doesNotThrowAnyException();
		assertThatCode(() -> RoomNames.check("€".repeat(85), 256)).as("255 bytes").doesNotThrowAnyException();
		assertThatCode(() -> RoomNames.check("😀".repeat(64), 256)).as("256 bytes").doesNotThrowAnyException();
		assertThatCode(() -> RoomNames.check("x".repeat(100_000), 0)).as("no limit").doesNotThrowAnyException();
	}

	@Test
	void refusesBlankNames() {
		for (String blank : new String[] { "", " ", "\t\n", "\u2003" }) {
			assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> RoomNames.check(blank, 256))
				.withMessage("Room name must not be blank");
		}
	}

	@Test
	void refusesNamesThatAreNotValidUnicode() {
		for (String invalid : new String[] { "vip\ud800", "\udc00vip", "a\ud800b", "\ud83d" }) {
			assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> RoomNames.check(invalid, 256))
				.withMessage("Room name must be valid Unicode");
		}
	}

	@Test
	void countsTheLimitInUtf8Bytes() {
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> RoomNames.check("x".repeat(257), 256))
			.withMessage("Room name must be at most 256 bytes");
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> RoomNames.check("€".repeat(86), 256));
		assertThatExceptionOfType(InvalidNameException.class)
			.isThrownBy(() -> RoomNames.check("x".repeat(255) + "😀", 256));
	}

}
