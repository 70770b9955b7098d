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

import java.util.List;
import java.util.Map;

import dev.wsboot.history.HistoryPosition;
import dev.wsboot.protocol.OutboundMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * A connection held by this node, as a {@link ConnectionRegistry} sees it: something it
 * can deliver to and close.
 *
 * @author wsboot
 * @since 0.1.0
 */
public interface RegisteredConnection {

	/**
	 * Return the connection id, unique across the cluster.
	 * @return the id
	 */
	String id();

	/**
	 * Return the name of the user this connection belongs to, if known.
	 * @return the user name or {@code null}
	 */
	@Nullable String user();

	/**
	 * Return the key under which the registry counts and reaches this connection's user
	 * (see {@link UserKeys}): the name of an authenticated user, or a key of the endpoint
	 * and the name for a name given to a connection without a principal.
	 * @return the key, or {@code null} for no user
	 */
	default @Nullable String userKey() {
		String user = user();
		return (user != null) ? UserKeys.authenticated(user) : null;
	}

	/**
	 * Return the path pattern of the endpoint the connection belongs to. A clustered
	 * registry keeps it so that another node can report the connection lost to the same
	 * endpoint.
	 * @return the endpoint path, for example {@code /chat/{room}}
	 */
	default String endpoint() {
		return "";
	}

	/**
	 * Return the values of the endpoint's path variables.
	 * @return the path variables
	 */
	default Map<String, String> pathVariables() {
		return Map.of();
	}

	/**
	 * Return the query parameters of the connection's URI.
	 * @return the query parameters
	 */
	default Map<String, List<String>> queryParameters() {
		return Map.of();
	}

	/**
	 * Return the query parameters a clustered registry may keep beyond this node, for
	 * another node to see when it reports the connection lost: those the endpoint binds
	 * with {@code @QueryParam}, and not, say, a token in the query string.
	 * @return the query parameters to share
	 */
	default Map<String, List<String>> sharedQueryParameters() {
		return Map.of();
	}

	/**
	 * Return the positions from which the client asks to recover rooms with history, as
	 * it presented them at the handshake: used when the connection joins those rooms.
	 * @return the positions by room
	 */
	default Map<String, HistoryPosition> recoveryPositions() {
		return Map.of();
	}

	/**
	 * Run an action once the application has accepted the connection: after its
	 * {@code @OnConnect} method returned, or at once if it has (or if there is none). A
	 * registry replays a room's history through it, so that nothing is replayed to a
	 * connection that {@code @OnConnect} goes on to refuse. Actions of a refused
	 * connection never run. The default runs the action at once.
	 * @param action the action
	 */
	default void whenAccepted(Runnable action) {
		action.run();
	}

	/**
	 * Deliver an encoded message. Must not block on a slow client beyond the configured
	 * send limits and must not throw.
	 * @param message the message
	 */
	void deliver(OutboundMessage message);

	/**
	 * Close the connection.
	 * @param status the close status to send
	 */
	void close(CloseStatus status);

}
