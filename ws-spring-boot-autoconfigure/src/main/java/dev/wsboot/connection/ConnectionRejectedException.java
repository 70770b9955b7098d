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


package dev.wsboot.connection;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * Thrown from an {@code @OnConnect} method to refuse a connection: it is closed with 1008
 * (policy violation) and the reason, which the client sees, so it must be safe to show.
 * Nothing is logged above debug level.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class ConnectionRejectedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param reason the close reason sent to the client, at most 123 bytes of UTF-8
	 */
	public ConnectionRejectedException(String reason) {
		super(reason);
		Assert.hasText(reason, "'reason' must not be empty");
	}

	/**
	 * Return the close status the connection is closed with; the connection cuts the
	 * reason to what fits a close frame (123 bytes) when it sends it.
	 * @return 1008 with the reason
	 */
	public CloseStatus getCloseStatus() {
		String reason = getMessage();
		return CloseStatus.POLICY_VIOLATION.withReason((reason != null) ? reason : "");
	}

}
