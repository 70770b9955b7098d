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

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A page of a room's members, in the order of their connection ids.
 *
 * @param members the members of this page, at most the limit asked for
 * @param next the cursor of the next page (the last connection id of this page), or
 * {@code null} when this is the last page
 * @author wsboot
 * @since 0.1.0
 */
public record MemberPage(List<Member> members, @Nullable String next) {

	/**
	 * The largest page a query may ask for.
	 */
	public static final int MAX_LIMIT = 1000;

	/**
	 * The longest cursor a query accepts, in characters: longer than any connection id.
	 */
	public static final int MAX_CURSOR_LENGTH = 128;

	/**
	 * Create a page.
	 * @param members the members of this page
	 * @param next the cursor of the next page, or {@code null}
	 */
	public MemberPage {
		members = List.copyOf(members);
	}

	/**
	 * Check the arguments of a page query.
	 * @param after the cursor, or {@code null} for the first page
	 * @param limit the most members to return
	 * @throws IllegalArgumentException if the limit is not between 1 and
	 * {@value #MAX_LIMIT}, or the cursor is longer than {@value #MAX_CURSOR_LENGTH}
	 * characters or holds a control character
	 */
	public static void checkQuery(@Nullable String after, int limit) {
		Assert.isTrue(limit >= 1 && limit <= MAX_LIMIT, () -> "A page holds 1 to " + MAX_LIMIT + " members, not " + limit);
		if (after != null) {
			Assert.isTrue(after.length() <= MAX_CURSOR_LENGTH,
					() -> "A cursor is at most " + MAX_CURSOR_LENGTH + " characters");
			Assert.isTrue(after.chars().noneMatch(Character::isISOControl), "A cursor holds no control characters");
		}
	}

}
