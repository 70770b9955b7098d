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

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.Objects;

import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Sends whole frames on Tomcat with a timeout of the caller's: text whose UTF-8 bytes are
 * already encoded, binary frames and pings. The WebSocket API takes text only as a
 * {@code String}, which Tomcat encodes again for every session; a broadcast to a thousand
 * members would encode the same text a thousand times. And its blocking sends take the
 * session's blocking send timeout, which the starter keeps short for the container's own
 * writes (pongs, close frames). Tomcat's
 * own blocking send of an encoded payload with a timeout
 * ({@code WsRemoteEndpointImplBase.sendMessageBlock(byte, ByteBuffer, boolean, long)})
 * is not public, so it is looked up once, reflectively; on another container, or a Tomcat
 * without it, {@link #of(Session, long)} returns {@code null} and frames go through the
 * session's basic remote.
 * <p>
 * Before Tomcat 9.0.89, 10.1.24 and 11.0.0 a private method of the same signature took an
 * absolute expiry time instead of a timeout, and every send through it would fail at
 * once. The shortcut is therefore taken only on a Tomcat from those versions on, and only
 * when the method found is not private; otherwise a warning is logged and text is sent as
 * a {@code String}.
 *
 * @author wsboot
 */
final class TomcatFrames {

	private static final Log logger = LogFactory.getLog(TomcatFrames.class);

	private static final byte OPCODE_TEXT = 0x1;

	private static final byte OPCODE_BINARY = 0x2;

	private static final byte OPCODE_PING = 0x9;

	private static final @Nullable Class<?> SESSION_TYPE;

	private static final @Nullable VarHandle ENDPOINT;

	private static final @Nullable MethodHandle SEND;

	static {
		Class<?> sessionType = null;
		VarHandle endpoint = null;
		MethodHandle send = null;
		try {
			ClassLoader classLoader = TomcatFrames.class.getClassLoader();
			sessionType = Class.forName("org.apache.tomcat.websocket.WsSession", false, classLoader);
			Class<?> baseType = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointImplBase", false,
					classLoader);
			String version = tomcatVersion(classLoader);
			Method method = baseType.getDeclaredMethod("sendMessageBlock", byte.class, ByteBuffer.class,
					boolean.class, long.class);
			if (!takesTimeout(version, method.getModifiers())) {
				logger.warn("Text frames are encoded once per session: Tomcat " + version + " is not known to have "
						+ "the send of encoded frames with a timeout (Tomcat 9.0.89, 10.1.24, 11.0.0 or later)");
				throw new NoSuchMethodException("sendMessageBlock with a timeout");
			}
			endpoint = MethodHandles.privateLookupIn(sessionType, MethodHandles.lookup())
				.findVarHandle(sessionType, "wsRemoteEndpoint", baseType);
			send = MethodHandles.privateLookupIn(baseType, MethodHandles.lookup())
				.findVirtual(baseType, "sendMessageBlock",
						MethodType.methodType(void.class, byte.class, ByteBuffer.class, boolean.class, long.class))
				.asType(MethodType.methodType(void.class, Object.class, byte.class, ByteBuffer.class, boolean.class,
						long.class));
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Text is encoded per session: Tomcat's send of encoded frames is not available (" + ex
						+ ")");
			}
			sessionType = null;
			endpoint = null;
			send = null;
		}
		SESSION_TYPE = sessionType;
		ENDPOINT = endpoint;
		SEND = send;
	}

	private final Object endpoint;

	private final long timeoutMillis;

	/**
	 * Whether Tomcat's {@code sendMessageBlock(byte, ByteBuffer, boolean, long)} takes a
	 * timeout: it does from Tomcat 9.0.89, 10.1.24 and 11.0.0 on, where it is
	 * package-private; before, a private method of that signature took an expiry time.
	 * @param version Tomcat's version number, such as {@code 11.0.27.0}
	 * @param modifiers the modifiers of the method found
	 * @return whether the method can be called with a timeout
	 */
	static boolean takesTimeout(@Nullable String version, int modifiers) {
		if (version == null || Modifier.isPrivate(modifiers)) {
			return false;
		}
		String[] parts = version.split("\\.");
		try {
			int major = Integer.parseInt(parts[0]);
			int minor = (parts.length > 1) ? Integer.parseInt(parts[1]) : 0;
			int patch = (parts.length > 2) ? Integer.parseInt(parts[2]) : 0;
			return switch (major) {
				case 9 -> minor > 0 || patch >= 89;
				case 10 -> minor > 1 || (minor == 1 && patch >= 24);
				default -> major > 10;
			};
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static @Nullable String tomcatVersion(ClassLoader classLoader) {
		try {
			Class<?> serverInfo = Class.forName("org.apache.catalina.util.ServerInfo", false, classLoader);
			return (String) serverInfo.getMethod("getServerNumber").invoke(null);
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return null;
		}
	}

	private TomcatFrames(Object endpoint, long timeoutMillis) {
		this.endpoint = endpoint;
		this.timeoutMillis = timeoutMillis;
	}

	/**
	 * Return the sender of encoded text frames for a session.
	 * @param session the session
	 * @param timeoutMillis how long a write may block before it fails and the container
	 * closes the session
	 * @return the sender, or {@code null} when the container is not a Tomcat that has one
	 */
	static @Nullable TomcatFrames of(Session session, long timeoutMillis) {
		if (SESSION_TYPE == null || ENDPOINT == null || SEND == null || !SESSION_TYPE.isInstance(session)) {
			return null;
		}
		Object endpoint = ENDPOINT.get(session);
		return (endpoint != null) ? new TomcatFrames(endpoint, timeoutMillis) : null;
	}

	/**
	 * Whether this JVM's Tomcat has the send of encoded frames.
	 * @return whether encoded text frames can be sent
	 */
	static boolean isAvailable() {
		return SEND != null;
	}

	/**
	 * Send one whole text frame, blocking as the session's basic remote does.
	 * @param utf8 the UTF-8 payload, which the call consumes
	 * @throws IOException if the write fails
	 */
	void sendText(ByteBuffer utf8) throws IOException {
		send(OPCODE_TEXT, utf8);
	}

	/**
	 * Send one whole binary frame, with this sender's timeout rather than the session's
	 * blocking send timeout, which bounds the container's own writes (pongs, close frames).
	 * @param payload the payload, which the call consumes
	 * @throws IOException if the write fails
	 */
	void sendBinary(ByteBuffer payload) throws IOException {
		send(OPCODE_BINARY, payload);
	}

	/**
	 * Send a ping, with this sender's timeout.
	 * @param payload the application data, at most 125 bytes, which the call consumes
	 * @throws IOException if the write fails
	 */
	void sendPing(ByteBuffer payload) throws IOException {
		send(OPCODE_PING, payload);
	}

	private void send(byte opcode, ByteBuffer payload) throws IOException {
		try {
			// the timeout is passed in: Tomcat would otherwise look the session's blocking
			// send timeout up in its user properties on every send
			Objects.requireNonNull(SEND, "an instance exists only when the method was found")
				.invokeExact(this.endpoint, opcode, payload, true, this.timeoutMillis);
		}
		catch (IOException | RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IOException(ex);
		}
	}

}
