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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Issues and verifies short-lived signed tokens (HMAC-SHA256) that name a user. Every
 * node of a cluster must share {@code demo.token-secret}; without it each node signs with
 * a random key of its own.
 *
 * @author wsboot
 */
@Service
class TokenService {

	private static final Duration LIFETIME = Duration.ofHours(1);

	private final byte[] secret;

	private final Clock clock;

	/** The shortest secret taken: HMAC-SHA256 is only as strong as its key. */
	static final int MIN_SECRET_BYTES = 32;

	@Autowired
	TokenService(@Value("${demo.token-secret:}") String secret) {
		this(secret.isEmpty() ? randomSecret() : checked(secret.getBytes(StandardCharsets.UTF_8)), Clock.systemUTC());
	}

	private static byte[] checked(byte[] secret) {
		if (secret.length < MIN_SECRET_BYTES) {
			throw new IllegalStateException("demo.token-secret must be at least " + MIN_SECRET_BYTES
					+ " bytes, not " + secret.length + ": use a random one, such as the output of "
					+ "'openssl rand -base64 32'");
		}
		return secret;
	}

	TokenService(byte[] secret, Clock clock) {
		this.secret = secret;
		this.clock = clock;
	}

	private static byte[] randomSecret() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		return secret;
	}

	String issue(String user) {
		long expires = this.clock.instant().plus(LIFETIME).getEpochSecond();
		String payload = encode(user.getBytes(StandardCharsets.UTF_8)) + "." + expires;
		return payload + "." + encode(sign(payload));
	}

	/**
	 * Return the user a token names, if it is genuine and not expired.
	 * @param token the token
	 * @return the user, or {@code null}
	 */
	@Nullable String verify(String token) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			return null;
		}
		try {
			String payload = parts[0] + "." + parts[1];
			byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
			if (!MessageDigest.isEqual(sign(payload), signature)) {
				return null;
			}
			if (Long.parseLong(parts[1]) < this.clock.instant().getEpochSecond()) {
				return null;
			}
			return new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private byte[] sign(String payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
