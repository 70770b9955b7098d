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

import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What one measured step gave: sends, deliveries, latency per group and CPU.
 *
 * @param rate the messages sent per second
 * @param sent the messages sent
 * @param expected the deliveries the protocol promises for them
 * @param received the deliveries received
 * @param seconds how long the messages were sent for
 * @param latency the latency of each group, in microseconds
 * @param serverCpuSeconds the CPU time the servers used, from the first send until the
 * last delivery arrived
 * @param clientCpuShare the load generator's selector threads' CPU time as a share of
 * the same wall time, per thread (1.0 is a thread always busy)
 * @param closes the connections the server closed, by code
 * @author wsboot
 */
record Measurement(double rate, long sent, long expected, long received, double seconds, Histogram[] latency,
		double serverCpuSeconds, double clientCpuShare, Map<Integer, Long> closes) {

	long lost() {
		return Math.max(0, this.expected - this.received);
	}

	double deliveriesPerSecond() {
		return this.received / this.seconds;
	}

	/**
	 * Server CPU seconds per million deliveries.
	 * @return the CPU cost of a million deliveries
	 */
	double cpuPerMillion() {
		return (this.received == 0) ? Double.NaN : this.serverCpuSeconds * 1e6 / this.received;
	}

	/**
	 * Server CPU microseconds per message sent.
	 * @return the CPU cost of one message
	 */
	double cpuMicrosPerMessage() {
		return (this.sent == 0) ? Double.NaN : this.serverCpuSeconds * 1e6 / this.sent;
	}

	double millis(int group, double percentile) {
		return this.latency[group].getValueAtPercentile(percentile) / 1000.0;
	}

	double maxMillis(int group) {
		return this.latency[group].getMaxValue() / 1000.0;
	}

	/**
	 * Whether the step was sustained: nothing lost and p99 under 100 ms in every group.
	 * @return whether the rate was sustainable
	 */
	boolean sustained() {
		if (lost() > 0) {
			return false;
		}
		for (int group = 0; group < this.latency.length; group++) {
			if (this.latency[group].getTotalCount() > 0 && millis(group, 99) >= 100) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the load generator may have been the bottleneck: a selector thread busy
	 * for more than 85% of the step.
	 * @return whether the client limited the step
	 */
	boolean clientBound() {
		return this.clientCpuShare > 0.85;
	}

}
