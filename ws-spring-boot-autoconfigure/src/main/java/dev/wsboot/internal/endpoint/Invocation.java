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


package dev.wsboot.internal.endpoint;

import java.nio.ByteBuffer;

import dev.wsboot.connection.Connection;
import dev.wsboot.protocol.Envelope;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * What one call of a handler method is about: the connection and, depending on the kind
 * of method, the message, the close status or the error.
 *
 * @author wsboot
 */
record Invocation(Connection connection, @Nullable Envelope envelope, @Nullable ByteBuffer binary,
		@Nullable CloseStatus status, @Nullable Throwable error) {

	static Invocation connect(Connection connection) {
		return new Invocation(connection, null, null, null, null);
	}

	static Invocation text(Connection connection, Envelope envelope) {
		return new Invocation(connection, envelope, null, null, null);
	}

	static Invocation binary(Connection connection, ByteBuffer binary) {
		return new Invocation(connection, null, binary, null, null);
	}

	static Invocation disconnect(Connection connection, CloseStatus status) {
		return new Invocation(connection, null, null, status, null);
	}

	Invocation withError(Throwable error) {
		return new Invocation(this.connection, this.envelope, this.binary, this.status, error);
	}

}
