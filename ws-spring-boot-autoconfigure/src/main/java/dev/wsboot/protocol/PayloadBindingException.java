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


package dev.wsboot.protocol;

/**
 * Thrown when an inbound payload cannot be bound to a handler parameter. Its message is
 * safe to show to the client: it names the offending field, never a class or a value.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class PayloadBindingException extends Exception {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message a message safe to show to the client
	 * @param cause the underlying failure, for the log
	 */
	public PayloadBindingException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Create an exception.
	 * @param message a message safe to show to the client
	 */
	public PayloadBindingException(String message) {
		super(message);
	}

}
