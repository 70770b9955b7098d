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

import org.jspecify.annotations.Nullable;

/**
 * A connection the write lanes can write to directly: a broadcast groups such
 * connections by lane and hands each lane one task. Any other
 * {@link dev.wsboot.registry.RegisteredConnection} gets its copy through its own
 * {@code deliver}.
 *
 * @author wsboot
 */
interface LaneWritable {

	/**
	 * Return the connection's queue on its lane.
	 * @return the queue, or {@code null} if the connection does not write through the
	 * lanes
	 */
	@Nullable OutboundQueue outboundQueue();

}
