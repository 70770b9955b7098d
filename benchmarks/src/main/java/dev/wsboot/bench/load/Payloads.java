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

package dev.wsboot.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds bench protocol payloads: ASCII, exactly the requested size, starting
 * {@code K|<send time ns>|<seq>|} and filled up with {@code x}.
 *
 * @author wsboot
 */
final class Payloads {

	private Payloads() {
	}

	static byte[] build(char kind, long seq, int size) {
		byte[] prefix = (kind + "|" + System.nanoTime() + "|" + seq + "|").getBytes(StandardCharsets.US_ASCII);
		if (prefix.length > size) {
			throw new IllegalArgumentException("Payload size " + size + " is too small for " + prefix.length + " bytes");
		}
		byte[] payload = Arrays.copyOf(prefix, size);
		Arrays.fill(payload, prefix.length, size, (byte) 'x');
		return payload;
	}

}
