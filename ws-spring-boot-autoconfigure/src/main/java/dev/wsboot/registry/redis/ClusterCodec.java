/*
 * Copyright 2026 the original author or authors.
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
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.wsboot.history.HistoryPosition;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How a {@link ClusterMessage} travels between nodes: a frame that names the cluster it
 * belongs to, carries the publishing node's sequence number and clock, and, when the
 * cluster has a secret, ends with an HMAC-SHA256 over everything before it.
 * <p>
 * A node reads a message only if it names this node's cluster, so two applications that
 * share a Redis and a key prefix by mistake do not deliver each other's messages. With a
 * secret, a node reads a message only if its HMAC verifies with the secret (or the
 * previous secret, during a rotation), if it was published less than the maximum age ago
 * and not before this node started (with a few seconds' allowance for clocks), and if it
 * was not read before: each publishing node's sequence numbers are tracked in a window of
 * the last {@value #WINDOW} numbers, so a message captured and published again is
 * dropped.
 *
 * @author wsboot
 */
final class ClusterCodec {

	static final int VERSION = 2;

	/** The first byte of a room broadcast with a position (see {@link #decodePositioned}). */
	static final byte POSITIONED = 3;

	private static final int SIGNED = 1;

	private static final String ALGORITHM = "HmacSHA256";

	private static final int MAC_LENGTH = 32;

	/** Sequence numbers of one origin tracked behind its highest. */
	static final int WINDOW = 1024;

	/** Allowance for clocks that differ between nodes, in milliseconds. */
	static final long CLOCK_ALLOWANCE_MILLIS = 5_000;

	/** Signing {@link Mac}s kept for reuse; more are created when more threads sign at once. */
	private static final int POOLED_MACS = 16;

	private final String cluster;

	private final byte @Nullable [] secret;

	private final byte @Nullable [] previousSecret;

	private final long maxAgeMillis;

	private final LongSupplier clock;

	private final long startedAt;

	private final AtomicLong sequence = new AtomicLong();

	private final Queue<Mac> macs = new ConcurrentLinkedQueue<>();

	private final Map<String, ReplayWindow> windows = new ConcurrentHashMap<>();

	/** When the windows of silent origins were last dropped, on {@link #clock}. */
	private final AtomicLong evictedAt = new AtomicLong();

	/**
	 * Create a codec.
	 * @param cluster the cluster this node belongs to
	 * @param secret the shared secret, or {@code null} to neither sign nor require
	 * signatures
	 * @param previousSecret a secret still accepted, or {@code null}
	 * @param maxAge how old a signed message may be
	 * @param clock the wall clock, in milliseconds
	 */
	ClusterCodec(String cluster, byte @Nullable [] secret, byte @Nullable [] previousSecret, Duration maxAge,
			LongSupplier clock) {
		Assert.hasText(cluster, "'cluster' must not be empty");
		Assert.isTrue(secret != null || previousSecret == null, "A previous secret needs a secret");
		this.cluster = cluster;
		this.secret = (secret != null) ? secret.clone() : null;
		this.previousSecret = (previousSecret != null) ? previousSecret.clone() : null;
		this.maxAgeMillis = maxAge.toMillis();
		this.clock = clock;
		this.startedAt = clock.getAsLong();
	}

	/**
	 * Return whether this codec signs messages and requires signatures.
	 * @return {@code true} with a secret
	 */
	boolean signs() {
		return this.secret != null;
	}

	/**
	 * Encode a message to publish.
	 * @param message the message
	 * @return the bytes to publish
	 */
	byte[] encode(ClusterMessage message) {
		byte[] body = message.toBytes();
		byte[] clusterName = this.cluster.getBytes(StandardCharsets.UTF_8);
		byte[] secret = this.secret;
		ByteBuffer frame = ByteBuffer
			.allocate(2 + 2 + clusterName.length + 16 + body.length + ((secret != null) ? MAC_LENGTH : 0));
		frame.put((byte) VERSION);
		frame.put((byte) ((secret != null) ? SIGNED : 0));
		frame.putShort((short) clusterName.length);
		frame.put(clusterName);
		frame.putLong(this.sequence.incrementAndGet());
		frame.putLong(this.clock.getAsLong());
		frame.put(body);
		if (secret != null) {
			Mac mac = this.macs.poll();
			if (mac == null) {
				mac = mac(secret);
			}
			mac.update(frame.array(), 0, frame.position());
			frame.put(mac.doFinal());
			if (this.macs.size() < POOLED_MACS) {
				this.macs.offer(mac);
			}
		}
		return frame.array();
	}

	/**
	 * Decode a published message.
	 * @param bytes the bytes published
	 * @return the message, or why it was rejected
	 */
	Decoded decode(byte[] bytes) {
		if (bytes.length > 0 && bytes[0] == POSITIONED) {
			return decodePositioned(bytes);
		}
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			int version = in.readUnsignedByte();
			if (version != VERSION) {
				return Decoded.rejected(Rejection.UNREADABLE, "version " + version);
			}
			boolean signed = (in.readUnsignedByte() & SIGNED) != 0;
			byte[] clusterName = new byte[in.readUnsignedShort()];
			in.readFully(clusterName);
			String cluster = new String(clusterName, StandardCharsets.UTF_8);
			if (!cluster.equals(this.cluster)) {
				return Decoded.rejected(Rejection.OTHER_CLUSTER, "cluster '" + cluster + "'");
			}
			long sequence = in.readLong();
			long publishedAt = in.readLong();
			int bodyEnd = bytes.length - (signed ? MAC_LENGTH : 0);
			int bodyStart = bytes.length - in.available();
			if (bodyEnd < bodyStart) {
				return Decoded.rejected(Rejection.UNREADABLE, "truncated");
			}
			if (this.secret != null) {
				if (!signed) {
					return Decoded.rejected(Rejection.UNSIGNED, "no signature");
				}
				if (!verifies(bytes, bodyEnd)) {
					return Decoded.rejected(Rejection.BAD_SIGNATURE, "signature does not verify");
				}
				long now = this.clock.getAsLong();
				if (publishedAt < now - this.maxAgeMillis
						|| publishedAt < this.startedAt - CLOCK_ALLOWANCE_MILLIS
						|| publishedAt > now + CLOCK_ALLOWANCE_MILLIS) {
					return Decoded.rejected(Rejection.EXPIRED, "published " + (now - publishedAt) + " ms ago");
				}
			}
			ClusterMessage message = ClusterMessage.fromBytes(Arrays.copyOfRange(bytes, bodyStart, bodyEnd));
			if (this.secret != null && !firstSeen(message.origin(), sequence)) {
				return Decoded.rejected(Rejection.REPLAYED, "sequence " + sequence + " of " + message.origin());
			}
			return new Decoded(message, null, null, null);
		}
		catch (IOException | IllegalArgumentException ex) {
			return Decoded.rejected(Rejection.UNREADABLE, ex.getMessage());
		}
	}

	/**
	 * Decode a broadcast to a room with history: the frame as the node encoded it, behind
	 * the position that the script which appended it gave it (byte 3, the epoch and the
	 * offset in ASCII, each behind its length in one byte). The position is outside the
	 * signature: a broadcast cannot be published twice, and Redis, which holds the
	 * history, is trusted with its positions.
	 */
	private Decoded decodePositioned(byte[] bytes) {
		int epochLength = (bytes.length > 1) ? (bytes[1] & 0xFF) : 0;
		int offsetAt = 2 + epochLength;
		int offsetLength = (bytes.length > offsetAt) ? (bytes[offsetAt] & 0xFF) : 0;
		int frameAt = offsetAt + 1 + offsetLength;
		if (epochLength == 0 || offsetLength == 0 || offsetLength > 16 || frameAt >= bytes.length) {
			return Decoded.rejected(Rejection.UNREADABLE, "truncated position");
		}
		HistoryPosition position;
		try {
			String epoch = new String(bytes, 2, epochLength, StandardCharsets.US_ASCII);
			String offset = new String(bytes, offsetAt + 1, offsetLength, StandardCharsets.US_ASCII);
			position = new HistoryPosition(epoch, Long.parseLong(offset));
		}
		catch (IllegalArgumentException ex) {
			return Decoded.rejected(Rejection.UNREADABLE, "bad position");
		}
		Decoded decoded = decode(Arrays.copyOfRange(bytes, frameAt, bytes.length));
		ClusterMessage message = decoded.message();
		if (message == null) {
			return decoded;
		}
		if (message.kind() != ClusterMessage.Kind.ROOM || message.message() == null || !message.message().isText()) {
			return Decoded.rejected(Rejection.UNREADABLE, "a position on a message other than a room's text");
		}
		return new Decoded(message, null, null, position);
	}

	private boolean verifies(byte[] bytes, int end) {
		byte[] secret = this.secret;
		if (secret != null && MessageDigest.isEqual(sign(secret, bytes, end), Arrays.copyOfRange(bytes, end, bytes.length))) {
			return true;
		}
		byte[] previous = this.previousSecret;
		return previous != null
				&& MessageDigest.isEqual(sign(previous, bytes, end), Arrays.copyOfRange(bytes, end, bytes.length));
	}

	private byte[] sign(byte[] secret, byte[] bytes, int end) {
		Mac mac = (secret == this.secret) ? this.macs.poll() : null;
		if (mac == null) {
			mac = mac(secret);
		}
		mac.update(bytes, 0, end);
		byte[] result = mac.doFinal();
		if (secret == this.secret && this.macs.size() < POOLED_MACS) {
			this.macs.offer(mac);
		}
		return result;
	}

	private boolean firstSeen(String origin, long sequence) {
		long now = this.clock.getAsLong();
		long evicted = this.evictedAt.get();
		if (now - evicted > this.maxAgeMillis && this.evictedAt.compareAndSet(evicted, now)) {
			// once per maximum age, not per message: an origin silent for twice the maximum
			// age cannot be replayed any more, so the windows kept are those of live nodes
			this.windows.values().removeIf((window) -> window.lastSeen < now - 2 * this.maxAgeMillis);
		}
		ReplayWindow window = this.windows.computeIfAbsent(origin, (key) -> new ReplayWindow());
		synchronized (window) {
			window.lastSeen = now;
			return window.firstSeen(sequence);
		}
	}

	private static Mac mac(byte[] secret) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret, ALGORITHM));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * Why a published message was not read.
	 */
	enum Rejection {

		/** Not a message of this version, or malformed. */
		UNREADABLE,

		/** A message of another cluster sharing the key prefix. */
		OTHER_CLUSTER,

		/** Unsigned, while this cluster signs its messages. */
		UNSIGNED,

		/** Its HMAC does not verify with the cluster's secret. */
		BAD_SIGNATURE,

		/** Older than the maximum age, from before this node started, or from the future. */
		EXPIRED,

		/** Read before. */
		REPLAYED

	}

	/**
	 * A decoded message, or why it was rejected.
	 *
	 * @param message the message, or {@code null} if rejected
	 * @param rejection why it was rejected, or {@code null}
	 * @param detail what was wrong, or {@code null}
	 * @param position the position of a broadcast to a room with history, or {@code null}
	 */
	record Decoded(@Nullable ClusterMessage message, @Nullable Rejection rejection, @Nullable String detail,
			@Nullable HistoryPosition position) {

		static Decoded rejected(Rejection rejection, @Nullable String detail) {
			return new Decoded(null, rejection, detail, null);
		}

	}

	/** The sequence numbers seen of one origin: the highest, and a bitmap of those behind it. */
	private static final class ReplayWindow {

		private final long[] seen = new long[WINDOW / 64];

		private long highest;

		private volatile long lastSeen;

		boolean firstSeen(long sequence) {
			if (sequence > this.highest) {
				long shift = sequence - this.highest;
				if (shift >= WINDOW) {
					Arrays.fill(this.seen, 0);
				}
				else {
					for (long s = this.highest + 1; s < sequence; s++) {
						clear(s);
					}
				}
				this.highest = sequence;
				set(sequence);
				return true;
			}
			if (this.highest - sequence >= WINDOW || isSet(sequence)) {
				return false;
			}
			set(sequence);
			return true;
		}

		private void set(long sequence) {
			int bit = (int) Math.floorMod(sequence, (long) WINDOW);
			this.seen[bit >>> 6] |= 1L << (bit & 63);
		}

		private void clear(long sequence) {
			int bit = (int) Math.floorMod(sequence, (long) WINDOW);
			this.seen[bit >>> 6] &= ~(1L << (bit & 63));
		}

		private boolean isSet(long sequence) {
			int bit = (int) Math.floorMod(sequence, (long) WINDOW);
			return (this.seen[bit >>> 6] & (1L << (bit & 63))) != 0;
		}

	}

}
