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

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * One client connected to a {@code @WebSocketEndpoint}: what the handler methods get to
 * identify the client, send to it, and put it in rooms. Every method is thread-safe and
 * may be called from any thread, also after the connection has closed (sends are then
 * dropped).
 *
 * <p>
 * Sends are handed to the connection's write lane and return at once; a client that
 * stops reading is bounded by {@code ws.outbound.send-buffer-limit} and {@code ws.outbound.send-time-limit}.
 * Concurrent sends from handlers, the {@code WebSocketMessenger} and broadcasts are safe
 * and keep their order per sending thread.
 *
 * @author wsboot
 * @since 0.1.0
 */
public interface Connection {

	/**
	 * Return the id of this connection, unique across every node of the application.
	 * @return the id
	 */
	String id();

	/**
	 * Return the values of the endpoint's path variables.
	 * @return the path variables, by name
	 */
	Map<String, String> pathVariables();

	/**
	 * Return the value of a path variable.
	 * @param name the variable name
	 * @return the value, or {@code null} if the path declares no such variable
	 */
	@Nullable String pathVariable(String name);

	/**
	 * Return the query parameters of the URI the client connected with, decoded.
	 * @return the query parameters, by name
	 */
	Map<String, List<String>> queryParameters();

	/**
	 * Return the first value of a query parameter.
	 * @param name the parameter name
	 * @return the first value, or {@code null} if absent
	 */
	@Nullable String queryParameter(String name);

	/**
	 * Return the principal of the handshake request.
	 * @return the principal, or {@code null} if the request was not authenticated
	 */
	@Nullable Principal principal();

	/**
	 * Return the user this connection belongs to: the name set with
	 * {@link #setUser(String)}, or else the principal's name. Messages sent to a user
	 * reach all of the user's connections.
	 * @return the user name, or {@code null}
	 */
	@Nullable String user();

	/**
	 * Set the user this connection belongs to. On a connection with a principal (Spring
	 * Security, or an {@code @OnHandshake} method that returned one), the name is an
	 * authenticated user: counted by {@code ws.limits.max-connections-per-user} across endpoints
	 * and nodes and reached by {@code sendToUser}. On a connection without one, anyone
	 * could have chosen the name: it is shown in member lists and counted against the
	 * per-user limit within this endpoint only, and it is never the authenticated user of
	 * the same name. To make a checked token an identity, check it in {@code @OnHandshake}
	 * and return a principal.
	 * @param user the user name, or {@code null} to fall back to the principal's name
	 * @throws dev.wsboot.registry.UserLimitExceededException if that user already has
	 * {@code ws.limits.max-connections-per-user} connections; uncaught in {@code @OnConnect} it
	 * closes the connection with 1013
	 */
	void setUser(@Nullable String user);

	/**
	 * Return the attributes of this connection: those copied from the handshake (for
	 * example by a {@code HandshakeInterceptor}) and any the application adds. The map is
	 * thread-safe.
	 * @return the attributes
	 */
	Map<String, Object> attributes();

	/**
	 * Return when the connection was established.
	 * @return the connect time
	 */
	Instant connectedAt();

	/**
	 * Return when the last message from the client arrived (or the connect time).
	 * @return the time of the last inbound activity
	 */
	Instant lastActiveAt();

	/**
	 * Return the address of the client.
	 * @return the remote address, or {@code null} if unknown
	 */
	@Nullable InetSocketAddress remoteAddress();

	/**
	 * Return the {@code User-Agent} header of the handshake request.
	 * @return the user agent, or {@code null}
	 */
	@Nullable String userAgent();

	/**
	 * Return the rooms this connection is in. After the connection has closed, the rooms
	 * it was in when it closed.
	 * @return the rooms
	 */
	Set<String> rooms();

	/**
	 * Whether the connection is open.
	 * @return {@code true} until the connection closes
	 */
	boolean isOpen();

	/**
	 * Send a payload to this client: a {@code String} as a text frame, a {@code byte[]} or
	 * {@code ByteBuffer} as a binary frame, anything else as JSON (see
	 * {@link dev.wsboot.protocol.Event} for the conventional event shape).
	 * @param payload the payload
	 */
	void send(Object payload);

	/**
	 * Join a room.
	 * @param room the room
	 * @return {@code true} if the connection joined, {@code false} if it was already a
	 * member or is closed
	 * @throws dev.wsboot.registry.RoomLimitExceededException if the room is full or the
	 * connection is in as many rooms as it may be ({@code ws.limits.max-connections-per-room},
	 * {@code ws.limits.max-rooms-per-connection}); uncaught, it becomes an error frame
	 */
	boolean join(String room);

	/**
	 * Leave a room.
	 * @param room the room
	 * @return {@code true} if the connection left, {@code false} if it was not a member
	 */
	boolean leave(String room);

	/**
	 * Send a payload to every member of a room except this connection. The payload is
	 * encoded once for all members.
	 * @param room the room
	 * @param payload the payload, encoded as for {@link #send(Object)}
	 */
	void broadcast(String room, Object payload);

	/**
	 * Send a payload to every member of a room, this connection included if it is a
	 * member, as {@code WebSocketMessenger.sendToRoom} does. The payload is encoded once
	 * for all members.
	 * @param room the room
	 * @param payload the payload, encoded as for {@link #send(Object)}
	 */
	void sendToRoom(String room, Object payload);

	/**
	 * Send a payload to every member of a room, this connection included.
	 * @param room the room
	 * @param payload the payload
	 * @deprecated since 0.1.0: the name read as "to every room"; use
	 * {@link #sendToRoom(String, Object)}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	default void broadcastAll(String room, Object payload) {
		sendToRoom(room, payload);
	}

	/**
	 * Close the connection normally (1000).
	 */
	void close();

	/**
	 * Close the connection with a status.
	 * @param status the close status
	 */
	void close(CloseStatus status);

}
