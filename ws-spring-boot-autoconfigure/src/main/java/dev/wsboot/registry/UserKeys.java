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

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How a registry keys users, so that a name a client gives itself never becomes someone
 * else's identity. An authenticated user (a connection with a principal) is keyed by its
 * name alone: one identity across endpoints and nodes, which
 * {@code ws.limits.max-connections-per-user} counts and {@code sendToUser(name)} reaches. A name
 * given with {@code Connection.setUser} to a connection without a principal is keyed by
 * its endpoint and the name: it counts against the per-user limit within that endpoint
 * only, shows in member lists under its name, and is never the authenticated user of the
 * same name. The two forms cannot meet: an unauthenticated key starts with a NUL
 * character, which no user name may contain.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class UserKeys {

	private static final char MARK = '\0';

	private UserKeys() {
	}

	/**
	 * Return the key of an authenticated user.
	 * @param name the user's name
	 * @return the key: the name itself
	 * @throws InvalidNameException if the name is not a valid user name
	 */
	public static String authenticated(String name) {
		check(name);
		return name;
	}

	/**
	 * Return the key of a name given to a connection without a principal.
	 * @param endpoint the path pattern of the connection's endpoint
	 * @param name the name
	 * @return the key, unique to the endpoint and the name
	 * @throws InvalidNameException if the name is not a valid user name
	 */
	public static String unauthenticated(String endpoint, String name) {
		check(name);
		Assert.isTrue(endpoint.indexOf(MARK) < 0, "An endpoint path must not contain NUL");
		return MARK + endpoint + MARK + name;
	}

	/**
	 * Return the name of a user key, as applications see it.
	 * @param key the key, or {@code null}
	 * @return the name, or {@code null}
	 */
	public static @Nullable String name(@Nullable String key) {
		if (key == null || key.isEmpty() || key.charAt(0) != MARK) {
			return key;
		}
		int end = key.indexOf(MARK, 1);
		return (end > 0) ? key.substring(end + 1) : key;
	}

	/**
	 * Check a user name: not blank, no control characters, valid Unicode.
	 * @param name the name
	 * @throws InvalidNameException if it is not a valid user name
	 */
	public static void check(String name) {
		if (name.isBlank()) {
			throw new InvalidNameException("User name must not be blank");
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isISOControl(c)) {
				throw new InvalidNameException("User name must not contain control characters");
			}
			if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new InvalidNameException("User name must be valid Unicode");
			}
		}
	}

}
