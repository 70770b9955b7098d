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

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Signed, expiring tokens.
 */
class TokenServiceTests {

	private static final byte[] SECRET = "a secret of the demo".getBytes(StandardCharsets.UTF_8);

	private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

	private final TokenService tokens = new TokenService(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void aConfiguredSecretShorterThan32BytesIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> new TokenService("x".repeat(31)))
			.withMessageStartingWith("demo.token-secret must be at least 32 bytes, not 31");
		assertThat(new TokenService("x".repeat(32)).verify(new TokenService("x".repeat(32)).issue("ada")))
			.isEqualTo("ada");
		TokenService random = new TokenService("");
		assertThat(random.verify(random.issue("ada"))).as("a random secret when none is set").isEqualTo("ada");
	}

	@Test
	void aTokenNamesItsUser() {
		assertThat(this.tokens.verify(this.tokens.issue("ada lovelace"))).isEqualTo("ada lovelace");
	}

	@Test
	void anExpiredTokenIsRefused() {
		String token = this.tokens.issue("ada");
		TokenService later = new TokenService(SECRET, Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC));
		assertThat(later.verify(token)).isNull();
	}

	@Test
	void aTokenOfAnotherSecretOrTamperedWithIsRefused() {
		String token = this.tokens.issue("ada");
		TokenService other = new TokenService("another".getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
		assertThat(other.verify(token)).isNull();
		String[] parts = token.split("\\.");
		String renamed = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("eve".getBytes()) + "."
				+ parts[1] + "." + parts[2];
		assertThat(this.tokens.verify(renamed)).isNull();
		String extended = parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2];
		assertThat(this.tokens.verify(extended)).isNull();
	}

	@Test
	void garbageIsRefused() {
		for (String garbage : new String[] { "", ".", "..", "a.b.c", "a.1.!!!", "x".repeat(5000) }) {
			assertThat(this.tokens.verify(garbage)).as(garbage).isNull();
		}
	}

}
