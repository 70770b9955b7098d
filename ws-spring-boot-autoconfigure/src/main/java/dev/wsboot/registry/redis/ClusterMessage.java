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


package dev.wsboot.registry.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wsboot.protocol.OutboundMessage;
import org.jspecify.annotations.Nullable;

/**
 * What one node publishes to the others: a small binary frame with a kind, the
 * publishing node, a target (room, connection, user), excluded connection ids, for
 * deliveries the encoded message, and, when a trace is being followed, a few headers
 * that carry its context (last, and only when there are any, so that a node of the
 * previous release reads every message without them).
 *
 * @author wsboot
 */
record ClusterMessage(Kind kind, String origin, String target, List<String> excluded, @Nullable String argument,
		@Nullable OutboundMessage message, Map<String, String> headers) {

	private static final int VERSION = 1;

	/** The most headers a message may carry. */
	static final int MAX_HEADERS = 16;

	/** The longest header name, in characters. */
	static final int MAX_HEADER_NAME = 64;

	/** The longest header value, in characters. */
	static final int MAX_HEADER_VALUE = 512;

	enum Kind {

		/** Deliver to the local members of a room. */
		ROOM,

		/** Deliver to one local connection. */
		CONNECTION,

		/** Deliver to the local connections of a user. */
		USER,

		/** Deliver to every local connection. */
		ALL,

		/** A connection of the receiving node joined a room (argument) on another node's request. */
		JOINED,

		/** A connection of the receiving node left a room (argument) on another node's request. */
		LEFT,

		/** Close a local connection with the status code in the argument. */
		CLOSE

	}

	static ClusterMessage delivery(Kind kind, String origin, String target, Collection<String> excluded,
			OutboundMessage message) {
		return new ClusterMessage(kind, origin, target, List.copyOf(excluded), null, message, Map.of());
	}

	static ClusterMessage control(Kind kind, String origin, String target, String argument) {
		return new ClusterMessage(kind, origin, target, List.of(), argument, null, Map.of());
	}

	/**
	 * Return this message with headers, such as a trace context.
	 * @param headers at most {@value #MAX_HEADERS}, with names and values within bounds;
	 * others are left out
	 * @return the message with the headers
	 */
	ClusterMessage withHeaders(Map<String, String> headers) {
		Map<String, String> kept = new LinkedHashMap<>();
		headers.forEach((name, value) -> {
			if (kept.size() < MAX_HEADERS && name.length() <= MAX_HEADER_NAME && value.length() <= MAX_HEADER_VALUE) {
				kept.put(name, value);
			}
		});
		return new ClusterMessage(this.kind, this.origin, this.target, this.excluded, this.argument, this.message,
				Collections.unmodifiableMap(kept));
	}

	byte[] toBytes() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64
				+ ((this.message != null && this.message.isText()) ? this.message.text().length() * 3 : 256));
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeByte(this.kind.ordinal());
			out.writeUTF(this.origin);
			out.writeUTF(this.target);
			out.writeShort(this.excluded.size());
			for (String id : this.excluded) {
				out.writeUTF(id);
			}
			out.writeUTF((this.argument != null) ? this.argument : "");
			if (this.message == null) {
				out.writeByte(0);
			}
			else {
				out.writeByte(this.message.isText() ? 1 : 2);
				byte[] payload = this.message.bytes();
				out.writeInt(payload.length);
				out.write(payload);
			}
			if (!this.headers.isEmpty()) {
				out.writeByte(this.headers.size());
				for (Map.Entry<String, String> header : this.headers.entrySet()) {
					out.writeUTF(header.getKey());
					out.writeUTF(header.getValue());
				}
			}
		}
		catch (java.io.UTFDataFormatException ex) {
			throw new IllegalArgumentException("A room, user or connection id is too long to publish (over 64 KB)", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Read a message published by a node.
	 * @param bytes the published bytes
	 * @return the message
	 * @throws IllegalArgumentException if the bytes are not a message of this version
	 */
	static ClusterMessage fromBytes(byte[] bytes) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			int version = in.readUnsignedByte();
			if (version != VERSION) {
				throw new IllegalArgumentException("Unknown message version " + version);
			}
			int kindIndex = in.readUnsignedByte();
			if (kindIndex >= Kind.values().length) {
				throw new IllegalArgumentException("Unknown message kind " + kindIndex);
			}
			Kind kind = Kind.values()[kindIndex];
			String origin = in.readUTF();
			String target = in.readUTF();
			int count = in.readUnsignedShort();
			List<String> excluded = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				excluded.add(in.readUTF());
			}
			String argument = in.readUTF();
			int type = in.readUnsignedByte();
			OutboundMessage message = null;
			if (type != 0) {
				int length = in.readInt();
				if (length < 0 || length > in.available()) {
					throw new IllegalArgumentException("Bad payload length " + length);
				}
				byte[] payload = in.readNBytes(length);
				message = (type == 1) ? OutboundMessage.text(new String(payload, StandardCharsets.UTF_8))
						: OutboundMessage.binary(payload);
			}
			Map<String, String> headers = Map.of();
			if (in.available() != 0) {
				headers = readHeaders(in);
			}
			if (in.available() != 0) {
				throw new IllegalArgumentException("Trailing bytes");
			}
			return new ClusterMessage(kind, origin, target, excluded, argument.isEmpty() ? null : argument, message,
					headers);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Truncated message", ex);
		}
	}

	private static Map<String, String> readHeaders(DataInputStream in) throws IOException {
		int count = in.readUnsignedByte();
		if (count == 0 || count > MAX_HEADERS) {
			throw new IllegalArgumentException("Bad header count " + count);
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			String name = in.readUTF();
			String value = in.readUTF();
			if (name.isEmpty() || name.length() > MAX_HEADER_NAME || value.length() > MAX_HEADER_VALUE) {
				throw new IllegalArgumentException("Bad header");
			}
			headers.put(name, value);
		}
		return Collections.unmodifiableMap(headers);
	}

}
