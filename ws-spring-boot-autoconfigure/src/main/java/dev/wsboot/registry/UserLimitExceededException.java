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
 * Thrown when a connection would give a user more connections than
 * {@link MembershipLimits#maxConnectionsPerUser()} allows. The connection is then closed
 * with 1013 (try again later); a handshake whose principal is already at the limit is
 * refused with HTTP 429 before the upgrade.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class UserLimitExceededException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 */
	public UserLimitExceededException() {
		super("Too many connections for this user");
	}

}
