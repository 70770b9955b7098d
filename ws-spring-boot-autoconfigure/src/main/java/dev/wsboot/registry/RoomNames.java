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

/**
 * The rule every room name a registry takes must follow: not blank, valid Unicode (no
 * unpaired surrogate, which UTF-8 would turn into {@code ?} and so into another room's
 * name), and at most a number of UTF-8 bytes.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class RoomNames {

	private RoomNames() {
	}

	/**
	 * Check a room name.
	 * @param room the name
	 * @param maxBytes the most UTF-8 bytes it may have, or zero for no limit
	 * @throws InvalidNameException if the name breaks the rule
	 */
	public static void check(String room, int maxBytes) {
		if (room.isBlank()) {
			throw new InvalidNameException("Room name must not be blank");
		}
		int bytes = 0;
		for (int i = 0; i < room.length(); i++) {
			char c = room.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < room.length() && Character.isLowSurrogate(room.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new InvalidNameException("Room name must be valid Unicode");
			}
			else {
				bytes += (c < 0x80) ? 1 : (c < 0x800) ? 2 : 3;
			}
			if (maxBytes > 0 && bytes > maxBytes) {
				throw new InvalidNameException("Room name must be at most " + maxBytes + " bytes");
			}
		}
	}

}
