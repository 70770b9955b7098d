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


package dev.wsboot.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * A message encoded once and ready to be sent to any number of connections: a broadcast
 * to a room of a thousand members encodes its payload a single time and shares this
 * instance between them.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class OutboundMessage {

	private final @Nullable String text;

	private final byte @Nullable [] binary;

	private final WebSocketMessage<?> message;

	private volatile @Nullable ByteBuffer utf8;

	private OutboundMessage(@Nullable String text, byte @Nullable [] binary) {
		this.text = text;
		this.binary = binary;
		this.message = (text != null) ? new TextMessage(text) : new BinaryMessage(ByteBuffer.wrap(binary).asReadOnlyBuffer());
	}

	/**
	 * Create a text message.
	 * @param text the text of the message
	 * @return the message
	 */
	public static OutboundMessage text(String text) {
		Assert.notNull(text, "'text' must not be null");
		return new OutboundMessage(text, null);
	}

	/**
	 * Create a binary message. The array is not copied and must not be changed after.
	 * @param bytes the content of the message
	 * @return the message
	 */
	public static OutboundMessage binary(byte[] bytes) {
		Assert.notNull(bytes, "'bytes' must not be null");
		return new OutboundMessage(null, bytes);
	}

	/**
	 * Whether this is a text message.
	 * @return {@code true} for a text message, {@code false} for a binary one
	 */
	public boolean isText() {
		return this.text != null;
	}

	/**
	 * Return the text of a text message.
	 * @return the text
	 * @throws IllegalStateException for a binary message
	 */
	public String text() {
		Assert.state(this.text != null, "Not a text message");
		return this.text;
	}

	/**
	 * Return the payload as bytes: the UTF-8 encoding of a text message, or the content of
	 * a binary one.
	 * @return the payload bytes
	 */
	public byte[] bytes() {
		return (this.text != null) ? this.text.getBytes(StandardCharsets.UTF_8) : binary().clone();
	}

	/**
	 * Return the UTF-8 encoding of a text message, encoded on the first call and shared
	 * after: each call returns a read-only buffer of its own over the same bytes.
	 * @return the encoded text
	 * @throws IllegalStateException for a binary message
	 */
	public ByteBuffer utf8() {
		Assert.state(this.text != null, "Not a text message");
		ByteBuffer encoded = this.utf8;
		if (encoded == null) {
			encoded = ByteBuffer.wrap(this.text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
			this.utf8 = encoded;
		}
		return encoded.duplicate();
	}

	/**
	 * Return the payload length in bytes: the UTF-8 length of a text message, which is
	 * encoded for that, or the length of a binary one.
	 * @return the payload length
	 */
	public int length() {
		return (this.text != null) ? utf8().remaining() : binary().length;
	}

	/**
	 * Return the Spring WebSocket message to hand to a session. The same instance is
	 * returned on every call.
	 * @return the WebSocket message
	 */
	public WebSocketMessage<?> toWebSocketMessage() {
		if (this.message instanceof BinaryMessage binaryMessage) {
			return new BinaryMessage(binaryMessage.getPayload().duplicate());
		}
		return this.message;
	}

	@Override
	public String toString() {
		return (this.text != null) ? "OutboundMessage[text, " + this.text.length() + " chars]"
				: "OutboundMessage[binary, " + binary().length + " bytes]";
	}

	/** The payload of a binary message: a message is text or binary, never neither. */
	private byte[] binary() {
		return Objects.requireNonNull(this.binary, "a message without text is binary");
	}

}
