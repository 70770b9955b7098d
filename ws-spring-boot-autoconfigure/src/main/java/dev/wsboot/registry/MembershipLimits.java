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

import org.springframework.util.Assert;

/**
 * Limits on room membership and on the connections of one user, enforced by the registry
 * on every join and every connection of a known user. With a clustered registry they
 * hold cluster-wide.
 *
 * @param maxRoomsPerConnection how many rooms one connection may be in; 0 for no limit
 * @param maxConnectionsPerRoom how many connections a room may have unless the room has a
 * limit of its own; 0 for no limit
 * @param maxConnectionsPerUser how many connections one user may have open; 0 for no
 * limit
 * @param maxRoomNameBytes how many UTF-8 bytes a room name may have; 0 for no limit
 * @param maxRoomsPerNode in how many rooms the connections of one node may be; 0 for no
 * limit
 * @author wsboot
 * @since 0.1.0
 */
public record MembershipLimits(int maxRoomsPerConnection, int maxConnectionsPerRoom, int maxConnectionsPerUser,
		int maxRoomNameBytes, int maxRoomsPerNode) {

	/**
	 * No limits.
	 */
	public static final MembershipLimits NONE = new MembershipLimits(0, 0, 0, 0, 0);

	/**
	 * Create limits.
	 * @param maxRoomsPerConnection how many rooms one connection may be in; 0 for no limit
	 * @param maxConnectionsPerRoom how many connections a room may have; 0 for no limit
	 * @param maxConnectionsPerUser how many connections one user may have; 0 for no limit
	 * @param maxRoomNameBytes how many UTF-8 bytes a room name may have; 0 for no limit
	 * @param maxRoomsPerNode in how many rooms one node's connections may be; 0 for no limit
	 */
	public MembershipLimits {
		Assert.isTrue(maxRoomsPerNode >= 0, "'maxRoomsPerNode' must not be negative");
		Assert.isTrue(maxRoomNameBytes >= 0, "'maxRoomNameBytes' must not be negative");
		Assert.isTrue(maxRoomsPerConnection >= 0, "'maxRoomsPerConnection' must not be negative");
		Assert.isTrue(maxConnectionsPerRoom >= 0, "'maxConnectionsPerRoom' must not be negative");
		Assert.isTrue(maxConnectionsPerUser >= 0, "'maxConnectionsPerUser' must not be negative");
	}

}
