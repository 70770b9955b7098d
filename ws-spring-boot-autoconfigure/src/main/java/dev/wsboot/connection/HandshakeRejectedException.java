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

import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

/**
 * Thrown from an {@code @OnHandshake} method to refuse the upgrade with an HTTP status,
 * for example 401 for a missing or invalid token. The message is for the log only (at
 * debug level); the client gets the status and no body.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class HandshakeRejectedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final HttpStatus status;

	/**
	 * Create an exception.
	 * @param status the HTTP status, 4xx
	 * @param message why, for the log
	 */
	public HandshakeRejectedException(HttpStatus status, String message) {
		super(message);
		Assert.isTrue(status.is4xxClientError(), "'status' must be a 4xx client error");
		this.status = status;
	}

	/**
	 * Return the HTTP status the handshake is refused with.
	 * @return the status
	 */
	public HttpStatus getStatus() {
		return this.status;
	}

}
