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


package dev.wsboot.internal.endpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Assembles one connection's fragmented messages while they arrive, counting bytes
 * against the message size limit so nothing is buffered past it. Allocated only for a
 * message that arrives in parts, and dropped when it is complete.
 *
 * @author wsboot
 */
final class MessageAssembler {

	private final int maxBytes;

	private @Nullable StringBuilder text;

	private @Nullable ByteArrayOutputStream binary;

	private long size;

	private boolean discarding;

	private boolean overflowed;

	MessageAssembler(int maxBytes) {
		this.maxBytes = maxBytes;
	}

	/**
	 * Whether a message went over the limit since the last call; the rest of that message
	 * is discarded as it arrives.
	 * @return {@code true} once per message over the limit
	 */
	boolean takeOverflow() {
		boolean result = this.overflowed;
		this.overflowed = false;
		return result;
	}

	/**
	 * Add a part of a text message.
	 * @param part the part
	 * @param last whether it is the last part
	 * @return the whole message when complete and within the limit, else {@code null}
	 * (check {@link #takeOverflow()})
	 */
	@Nullable String text(String part, boolean last) {
		if (!this.discarding) {
			this.size += utf8Length(part);
			if (this.size > this.maxBytes) {
				this.discarding = true;
				this.overflowed = true;
				this.text = null;
			}
			else if (last && this.text == null) {
				reset(last);
				return part;
			}
			else {
				if (this.text == null) {
					this.text = new StringBuilder(Math.min(this.maxBytes, part.length() * 4));
				}
				this.text.append(part);
				if (last) {
					String result = this.text.toString();
					reset(true);
					return result;
				}
			}
		}
		reset(last);
		return null;
	}

	/**
	 * Add a part of a binary message.
	 * @param part the part
	 * @param last whether it is the last part
	 * @return the whole message when complete and within the limit, else {@code null}
	 */
	@Nullable ByteBuffer binary(ByteBuffer part, boolean last) {
		if (!this.discarding) {
			this.size += part.remaining();
			if (this.size > this.maxBytes) {
				this.discarding = true;
				this.overflowed = true;
				this.binary = null;
			}
			else if (last && this.binary == null) {
				reset(last);
				return part;
			}
			else {
				if (this.binary == null) {
					this.binary = new ByteArrayOutputStream(Math.min(this.maxBytes, part.remaining() * 4));
				}
				ByteBuffer source = part.duplicate();
				byte[] chunk = new byte[source.remaining()];
				source.get(chunk);
				this.binary.write(chunk, 0, chunk.length);
				if (last) {
					ByteBuffer result = ByteBuffer.wrap(this.binary.toByteArray());
					reset(true);
					return result;
				}
			}
		}
		reset(last);
		return null;
	}

	private void reset(boolean last) {
		if (last) {
			this.text = null;
			this.binary = null;
			this.size = 0;
			this.discarding = false;
		}
	}

	static int utf8Length(CharSequence text) {
		int length = text.length();
		int bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				if (c < 0x800) {
					bytes += 1;
				}
				else if (Character.isSurrogate(c)) {
					bytes += 1;
				}
				else {
					bytes += 2;
				}
			}
		}
		return bytes;
	}

}
