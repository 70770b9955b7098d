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

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wsboot.connection.Connection;
import dev.wsboot.history.HistoryPosition;
import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.protocol.PayloadCodec;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.internal.QueryStrings;
import dev.wsboot.registry.RegisteredConnection;
import dev.wsboot.registry.UserKeys;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * The {@link Connection} of a session held by this node. Created by the starter's
 * endpoint handler; applications use the {@link Connection} interface.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class DefaultConnection implements Connection, RegisteredConnection, LaneWritable {

	private static final Log logger = LogFactory.getLog(DefaultConnection.class);

	/** How a connection that does not read what it is sent is closed. */
	public static final CloseStatus SLOW_CONSUMER = CloseStatus.POLICY_VIOLATION.withReason("slow consumer");


	private final String id;

	private final WebSocketSession session;

	private final Outbound outbound;

	private final long replyWaitNanos;

	private volatile @Nullable CloseStatus closedByServer;

	private final ConnectionRegistry registry;

	private final PayloadCodec codec;

	private final String endpoint;

	private final Map<String, String> pathVariables;

	private final Map<String, List<String>> queryParameters;

	private final Map<String, List<String>> sharedQueryParameters;

	private volatile Map<String, HistoryPosition> recoveryPositions = Map.of();

	private final Object acceptance = new Object();

	/** What waits for the application to accept the connection; {@code null} once it has. */
	private @Nullable List<Runnable> untilAccepted = new ArrayList<>(0);

	private final long connectedAt;

	private volatile long lastActiveAt;

	private volatile @Nullable String user;

	private volatile @Nullable Set<String> roomsAtClose;

	/**
	 * Create a connection for a session.
	 * @param id the connection id, from {@link ConnectionRegistry#nextConnectionId()}
	 * @param session the session
	 * @param endpoint the path pattern of the endpoint
	 * @param pathVariables the values of the endpoint's path variables
	 * @param registry the registry holding rooms
	 * @param codec the codec encoding payloads
	 * @param limits the limits of the outbound queue
	 * @param lanes the write lanes of the application
	 * @param sharedQueryParameters the names of the query parameters a clustered
	 * registry may keep beyond this node
	 */
	public DefaultConnection(String id, WebSocketSession session, String endpoint, Map<String, String> pathVariables,
			ConnectionRegistry registry, PayloadCodec codec, SendLimits limits, WriteLanes lanes,
			Set<String> sharedQueryParameters) {
		Assert.hasText(id, "'id' must not be empty");
		this.id = id;
		this.session = session;
		jakarta.websocket.Session nativeSession = (session instanceof NativeWebSocketSession standard)
				? standard.getNativeSession(jakarta.websocket.Session.class) : null;
		this.replyWaitNanos = lanes.stallThresholdNanos();
		if (nativeSession != null) {
			// Tomcat sends a close frame of its own (1002, 1007) only once the message being
			// written is done, and gives up after this long (50 ms by default)
			nativeSession.getUserProperties()
				.put(LaneOutbound.ABNORMAL_CLOSE_TIMEOUT, Math.min(1000L, limits.sendTimeLimitMillis()));
			// the container's own blocking writes (the pong to a client's ping, which it
			// writes on its reading thread, a normal close frame) wait at most this long for
			// a client that does not read; the starter's writes pass their own timeout, just
			// past the send time limit, unless the container lacks that send
			nativeSession.getUserProperties()
				.put(LaneOutbound.BLOCKING_SEND_TIMEOUT, TomcatFrames.isAvailable() ? Math.min(1000L, limits.sendTimeLimitMillis())
						: limits.sendTimeLimitMillis() + 100L);
			OutboundQueue queue = new OutboundQueue(nativeSession, lanes.assign(), limits.bufferSizeLimitBytes(),
					limits.sendTimeLimitMillis(), () -> lanes.close(() -> closeNow(SLOW_CONSUMER)),
					(status) -> lanes.close(() -> closeNow(status)));
			this.outbound = new LaneOutbound(queue, session, nativeSession);
		}
		else {
			this.outbound = new DecoratedOutbound(session, limits.sendTimeLimitMillis(), limits.bufferSizeLimitBytes(),
					this::closeNow);
		}
		this.registry = registry;
		this.codec = codec;
		this.endpoint = endpoint;
		this.pathVariables = Map.copyOf(pathVariables);
		URI uri = session.getUri();
		this.queryParameters = QueryStrings.parse((uri != null) ? uri.getRawQuery() : null);
		Map<String, List<String>> shared = new LinkedHashMap<>(this.queryParameters);
		shared.keySet().retainAll(sharedQueryParameters);
		this.sharedQueryParameters = Collections.unmodifiableMap(shared);
		this.connectedAt = System.currentTimeMillis();
		this.lastActiveAt = this.connectedAt;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String endpoint() {
		return this.endpoint;
	}

	@Override
	public Map<String, String> pathVariables() {
		return this.pathVariables;
	}

	@Override
	public @Nullable String pathVariable(String name) {
		return this.pathVariables.get(name);
	}

	@Override
	public Map<String, List<String>> queryParameters() {
		return this.queryParameters;
	}

	@Override
	public Map<String, HistoryPosition> recoveryPositions() {
		return this.recoveryPositions;
	}

	@Override
	public void whenAccepted(Runnable action) {
		synchronized (this.acceptance) {
			List<Runnable> waiting = this.untilAccepted;
			if (waiting != null) {
				waiting.add(action);
				return;
			}
		}
		action.run();
	}

	/**
	 * Record that the application accepted the connection ({@code @OnConnect} returned),
	 * and run what waited for it, on the calling thread.
	 */
	public void accepted() {
		List<Runnable> waiting;
		synchronized (this.acceptance) {
			waiting = this.untilAccepted;
			this.untilAccepted = null;
		}
		if (waiting != null) {
			for (Runnable action : waiting) {
				try {
					action.run();
				}
				catch (RuntimeException ex) {
					logger.warn("Connection " + this.id + ": an action after its acceptance failed", ex);
				}
			}
		}
	}

	/**
	 * Record that the application refused the connection: what waited for its
	 * acceptance never runs.
	 */
	public void refused() {
		synchronized (this.acceptance) {
			this.untilAccepted = null;
		}
	}

	/**
	 * Set the positions from which the client asks to recover rooms, before the
	 * connection is registered.
	 * @param positions the positions by room
	 */
	public void recoverFrom(Map<String, HistoryPosition> positions) {
		this.recoveryPositions = Map.copyOf(positions);
	}

	@Override
	public Map<String, List<String>> sharedQueryParameters() {
		return this.sharedQueryParameters;
	}

	@Override
	public @Nullable String queryParameter(String name) {
		List<String> values = this.queryParameters.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	@Override
	public @Nullable Principal principal() {
		return this.session.getPrincipal();
	}

	@Override
	public @Nullable String user() {
		String user = this.user;
		if (user != null) {
			return user;
		}
		Principal principal = principal();
		return (principal != null) ? principal.getName() : null;
	}

	@Override
	public void setUser(@Nullable String user) {
		this.registry.setUser(this.id, userKey(user));
		this.user = user;
	}

	@Override
	public @Nullable String userKey() {
		return userKey(this.user);
	}

	/**
	 * Return the registry's key of a user of this connection: with a principal, the name
	 * (or the principal's name) is an authenticated user; without one, a name counts only
	 * within this endpoint.
	 */
	private @Nullable String userKey(@Nullable String user) {
		Principal principal = principal();
		if (principal != null) {
			return UserKeys.authenticated((user != null) ? user : principal.getName());
		}
		return (user != null) ? UserKeys.unauthenticated(this.endpoint, user) : null;
	}

	@Override
	public Map<String, Object> attributes() {
		return this.session.getAttributes();
	}

	@Override
	public Instant connectedAt() {
		return Instant.ofEpochMilli(this.connectedAt);
	}

	@Override
	public Instant lastActiveAt() {
		return Instant.ofEpochMilli(this.lastActiveAt);
	}

	/**
	 * Record inbound activity now.
	 */
	public void touch() {
		this.lastActiveAt = System.currentTimeMillis();
	}

	@Override
	public @Nullable OutboundQueue outboundQueue() {
		return (this.outbound instanceof LaneOutbound lane) ? lane.queue() : null;
	}

	/**
	 * Wait until what was sent to this connection alone has been written, so that a close
	 * the container starts on the calling thread right after does not overtake it: at
	 * most the lanes' stall threshold, past which the client counts as stalled, and never
	 * for a client that stalled or failed.
	 */
	public void awaitRepliesWritten() {
		this.outbound.awaitWritten(this.replyWaitNanos);
	}

	/**
	 * Send a ping; the client's pong counts as inbound activity.
	 */
	public void ping() {
		send(new PingMessage());
	}

	/**
	 * Close the connection with 1008 if a write to it has been pending for longer than
	 * the send time limit, even when nothing new is being sent to it.
	 */
	public void checkSlow() {
		this.outbound.checkStuck();
	}

	@Override
	public @Nullable InetSocketAddress remoteAddress() {
		return this.session.getRemoteAddress();
	}

	@Override
	public @Nullable String userAgent() {
		return this.session.getHandshakeHeaders().getFirst("User-Agent");
	}

	@Override
	public Set<String> rooms() {
		Set<String> closed = this.roomsAtClose;
		return (closed != null) ? closed : this.registry.roomsOf(this.id);
	}

	@Override
	public boolean isOpen() {
		return this.roomsAtClose == null && this.session.isOpen();
	}

	/**
	 * Mark this connection closed, remembering the rooms it was in.
	 * @param rooms the rooms it was in when it closed
	 */
	public void closed(Set<String> rooms) {
		this.roomsAtClose = Set.copyOf(rooms);
	}

	@Override
	public void send(Object payload) {
		deliver(this.codec.encode(payload));
	}

	@Override
	public void deliver(OutboundMessage message) {
		if (this.session.isOpen()) {
			this.outbound.send(message);
		}
	}

	private void send(WebSocketMessage<?> message) {
		if (this.session.isOpen()) {
			this.outbound.send(message);
		}
	}

	@Override
	public boolean join(String room) {
		return this.registry.join(this.id, room);
	}

	@Override
	public boolean leave(String room) {
		return this.registry.leave(this.id, room);
	}

	@Override
	public void broadcast(String room, Object payload) {
		this.registry.sendToRoom(room, this.codec.encode(payload), Set.of(this.id));
	}

	@Override
	public void sendToRoom(String room, Object payload) {
		this.registry.sendToRoom(room, this.codec.encode(payload), Set.of());
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

	/**
	 * Close the connection after the messages already queued for it, so that the close
	 * frame never races a write in progress.
	 * @param status the close status
	 */
	@Override
	public void close(CloseStatus status) {
		this.outbound.close(truncated(status));
	}

	private static CloseStatus truncated(CloseStatus status) {
		String reason = status.getReason();
		if (reason != null) {
			String truncated = CloseReasons.truncate(reason);
			if (!truncated.equals(reason)) {
				return new CloseStatus(status.getCode(), truncated);
			}
		}
		return status;
	}

	/**
	 * Return the status the server closed this connection with, if it did. The container
	 * reports 1006 instead when the close frame could not be written, as to a client that
	 * stopped reading.
	 * @return the status the server sent or tried to send, or {@code null}
	 */
	public @Nullable CloseStatus closedByServer() {
		CloseStatus status = this.closedByServer;
		if (status == null && this.outbound.isStuck()) {
			// the container gave up on a write held up past the send time limit
			return SLOW_CONSUMER;
		}
		return status;
	}

	private void closeNow(CloseStatus status) {
		CloseStatus truncated = truncated(status);
		if (this.closedByServer == null) {
			this.closedByServer = truncated;
		}
		this.outbound.closeNow(truncated, truncated == SLOW_CONSUMER);
	}

	@Override
	public String toString() {
		return "Connection[" + this.id + "]";
	}

	/**
	 * Limits of a connection's outbound queue.
	 *
	 * @param sendTimeLimitMillis the longest a single send may take before the connection
	 * is closed
	 * @param bufferSizeLimitBytes the most bytes that may wait to be sent before the
	 * connection is closed
	 */
	public record SendLimits(int sendTimeLimitMillis, int bufferSizeLimitBytes) {

	}

}
