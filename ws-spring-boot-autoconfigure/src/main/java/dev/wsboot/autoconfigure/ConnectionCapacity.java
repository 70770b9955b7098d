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

package dev.wsboot.autoconfigure;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import org.springframework.util.unit.DataSize;

/**
 * What a node can hold: the defaults of the connector's {@code max-connections} and of
 * {@code ws.limits.max-connections}, derived from the process's open-file limit and heap.
 * Tomcat's own default of 8,192 sockets would otherwise stop a node long before its
 * memory does, and make every later handshake and HTTP request hang.
 *
 * @author wsboot
 */
final class ConnectionCapacity {

	/** Heap budgeted per WebSocket connection: about 1.7 times an idle connection's. */
	static final DataSize HEAP_PER_CONNECTION = DataSize.ofKilobytes(32);

	private ConnectionCapacity() {
	}

	/**
	 * Return the open-file limit of this process.
	 * @return the limit, or -1 when the platform does not tell
	 */
	static long openFileLimit() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
			return unix.getMaxFileDescriptorCount();
		}
		return -1;
	}

	/**
	 * Return the connector's socket cap for an open-file limit: the limit less what the
	 * JVM, the Redis client and the application need for their own files.
	 * @param openFileLimit the open-file limit, or -1 when unknown
	 * @return the socket cap, or -1 when the limit is unknown
	 */
	static int connectorMaxConnections(long openFileLimit) {
		if (openFileLimit <= 0) {
			return -1;
		}
		long reserve = Math.min(1024, Math.max(128, openFileLimit / 16));
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, openFileLimit - reserve));
	}

	/**
	 * Return the default cap on WebSocket connections: the sockets the connector and the
	 * open-file limit allow, less room for HTTP requests (a sixteenth, 16 to 1,024), and
	 * no more than the heap allows at {@link #HEAP_PER_CONNECTION}.
	 * @param openFileLimit the open-file limit, or -1 when unknown
	 * @param connectorMaxConnections the connector's cap, or -1 for none
	 * @param maxHeapBytes the largest heap
	 * @return the cap, at least 1
	 */
	static int maxWebSocketConnections(long openFileLimit, int connectorMaxConnections, long maxHeapBytes) {
		long sockets = (connectorMaxConnections > 0) ? connectorMaxConnections : Long.MAX_VALUE;
		int byFiles = connectorMaxConnections(openFileLimit);
		if (byFiles > 0) {
			sockets = Math.min(sockets, byFiles);
		}
		long cap = Long.MAX_VALUE;
		if (sockets != Long.MAX_VALUE) {
			cap = sockets - Math.min(1024, Math.max(16, sockets / 16));
		}
		cap = Math.min(cap, maxHeapBytes / HEAP_PER_CONNECTION.toBytes());
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, cap));
	}

}
