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
 * Thrown when a room name is blank, is not valid Unicode, or is longer than the limit
 * ({@code ws.limits.max-room-name-length}), or a user name is blank, is not valid
 * Unicode or holds a control character. An uncaught one in a message handler is answered
 * with an error frame {@code bad_request}, and the connection stays open; in
 * {@code @OnConnect} it closes the connection with 1008.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class InvalidNameException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what is wrong with the name, fit for the client to read
	 */
	public InvalidNameException(String message) {
		super(message);
	}

}
