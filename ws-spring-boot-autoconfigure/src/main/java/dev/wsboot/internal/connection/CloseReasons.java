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


package dev.wsboot.internal.connection;

import java.nio.charset.StandardCharsets;

/**
 * Close reasons must fit a control frame: at most 123 bytes of UTF-8 after the code.
 *
 * @author wsboot
 */
final class CloseReasons {

	private static final int MAX_BYTES = 123;

	private CloseReasons() {
	}

	static String truncate(String reason) {
		if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
			return reason;
		}
		StringBuilder result = new StringBuilder();
		int bytes = 0;
		for (int i = 0; i < reason.length();) {
			int codePoint = reason.codePointAt(i);
			int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
			if (bytes + size > MAX_BYTES) {
				break;
			}
			result.appendCodePoint(codePoint);
			bytes += size;
			i += Character.charCount(codePoint);
		}
		return result.toString();
	}

}
