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
 * Codes carried by error frames ({@code {"type":"error","code":...,"message":...}}).
 *
 * @author wsboot
 * @since 0.1.0
 */
public enum ErrorCode {

	/**
	 * The message could not be read: malformed JSON where JSON is required, a route key
	 * that is not a string, or data that does not bind to the handler's payload type.
	 */
	BAD_REQUEST("bad_request"),

	/**
	 * The message names a route that no handler method serves and the endpoint has no
	 * default route.
	 */
	UNKNOWN_ACTION("unknown_action"),

	/**
	 * A handler method failed; the details are in the server log only.
	 */
	INTERNAL("internal"),

	/**
	 * The connection sent more messages than its rate limit allows; this one was dropped
	 * without being handled.
	 */
	RATE_LIMITED("rate_limited"),

	/**
	 * A join failed because the room has as many members as it may have.
	 */
	ROOM_FULL("room_full"),

	/**
	 * A join failed because the connection is in as many rooms as it may be.
	 */
	LIMIT_EXCEEDED("limit_exceeded");

	private final String code;

	ErrorCode(String code) {
		this.code = code;
	}

	/**
	 * Return the code as it appears on the wire.
	 * @return the wire code, for example {@code bad_request}
	 */
	public String code() {
		return this.code;
	}

}
