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

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import dev.wsboot.bench.load.LoadClient.Conn;

/**
 * Counts and times what the receivers get. The payload of the bench protocol starts
 * {@code K|<send time ns>|<seq>|}; the send time comes from this process's
 * {@link System#nanoTime()}, so the latency of a measured ({@code M}) frame is now minus
 * that time. Each group of connections (a node, say) has its own histogram.
 *
 * @author wsboot
 */
final class Deliveries implements LoadClient.FrameListener {

	private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(120);

	/** How the bench app's envelope, {@code {"p":PAYLOAD}}, starts. */
	private static final byte[] ENVELOPE = "{\"p\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private final int payloadSize;

	private final boolean checkOrder;

	private final Recorder[] latency;

	private final LongAdder[] measured;

	private final LongAdder others = new LongAdder();

	private final LongAdder corrupt = new LongAdder();

	private final LongAdder outOfOrder = new LongAdder();

	private final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();

	Deliveries(int groups, int payloadSize, boolean checkOrder) {
		this.payloadSize = payloadSize;
		this.checkOrder = checkOrder;
		this.latency = new Recorder[groups];
		this.measured = new LongAdder[groups];
		for (int i = 0; i < groups; i++) {
			this.latency[i] = new Recorder(MAX_LATENCY_MICROS, 3);
			this.measured[i] = new LongAdder();
		}
	}

	@Override
	public void onText(Conn conn, ByteBuffer buffer, int offset, int length) {
		long now = System.nanoTime();
		if (length > ENVELOPE.length && buffer.get(offset) == '{') {
			// {"p":PAYLOAD,...}: the payload of the bench app's envelope, positions after it
			int start = offset + ENVELOPE.length;
			for (int i = 0; i < ENVELOPE.length; i++) {
				if (buffer.get(offset + i) != ENVELOPE[i]) {
					// a frame of the server's own, such as a room's position on join
					this.others.increment();
					return;
				}
			}
			int end = start;
			while (end < offset + length && buffer.get(end) != '"') {
				end++;
			}
			offset = start;
			length = end - start;
		}
		if (length != this.payloadSize || length < 6 || buffer.get(offset + 1) != '|') {
			this.corrupt.increment();
			return;
		}
		byte kind = buffer.get(offset);
		int end = offset + length;
		int position = offset + 2;
		long sentAt = 0;
		byte b = 0;
		while (position < end && (b = buffer.get(position++)) != '|') {
			if (b < '0' || b > '9') {
				this.corrupt.increment();
				return;
			}
			sentAt = sentAt * 10 + (b - '0');
		}
		long seq = 0;
		while (position < end && (b = buffer.get(position++)) != '|') {
			if (b < '0' || b > '9') {
				this.corrupt.increment();
				return;
			}
			seq = seq * 10 + (b - '0');
		}
		if (b != '|') {
			this.corrupt.increment();
			return;
		}
		if (this.checkOrder) {
			if (seq <= conn.lastSeq) {
				this.outOfOrder.increment();
			}
			conn.lastSeq = seq;
		}
		if (kind == 'M') {
			int group = conn.group();
			this.latency[group].recordValue(Math.min(Math.max((now - sentAt) / 1000, 0), MAX_LATENCY_MICROS));
			this.measured[group].increment();
		}
		else if (kind == 'P') {
			conn.probes++;
		}
		else {
			this.others.increment();
		}
	}

	@Override
	public void onClose(Conn conn, int code) {
		this.closes.computeIfAbsent(code, (key) -> new LongAdder()).increment();
	}

	/**
	 * Start a measurement: forget the latencies and counts recorded so far.
	 */
	void reset() {
		for (int i = 0; i < this.latency.length; i++) {
			this.latency[i].reset();
			this.measured[i].reset();
		}
	}

	long measured(int group) {
		return this.measured[group].sum();
	}

	long measuredTotal() {
		long total = 0;
		for (LongAdder adder : this.measured) {
			total += adder.sum();
		}
		return total;
	}

	/**
	 * Return the latencies, in microseconds, recorded since the last call or reset.
	 * @param group the group
	 * @return the histogram
	 */
	Histogram latency(int group) {
		return this.latency[group].getIntervalHistogram();
	}

	long corrupt() {
		return this.corrupt.sum();
	}

	long outOfOrder() {
		return this.outOfOrder.sum();
	}

	/**
	 * Closes other than the client's own, by close code.
	 * @return the count of closes per code
	 */
	Map<Integer, Long> closes() {
		Map<Integer, Long> counts = new java.util.TreeMap<>();
		this.closes.forEach((code, count) -> counts.put(code, count.sum()));
		return counts;
	}

}
