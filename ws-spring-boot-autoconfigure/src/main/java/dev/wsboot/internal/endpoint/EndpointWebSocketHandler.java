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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.wsboot.connection.ConnectionRejectedException;
import dev.wsboot.internal.connection.DefaultConnection;
import dev.wsboot.internal.connection.DetachedConnection;
import dev.wsboot.internal.connection.WriteLanes;
import dev.wsboot.internal.observability.WsMetrics;
import dev.wsboot.protocol.ErrorCode;
import dev.wsboot.protocol.PayloadBindingException;
import dev.wsboot.protocol.PayloadCodec;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.LostConnection;
import dev.wsboot.registry.InvalidNameException;
import dev.wsboot.registry.RoomLimitExceededException;
import dev.wsboot.registry.UserLimitExceededException;
import dev.wsboot.registry.internal.RecoveryPositions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The {@link WebSocketHandler} registered for one endpoint path: turns sessions into
 * connections, assembles fragmented messages up to the size limit, routes them to the
 * endpoint's methods and turns return values and exceptions into replies and error
 * frames. Exceptions never escape, so a failing handler method never closes the
 * connection.
 *
 * @author wsboot
 */
final class EndpointWebSocketHandler implements WebSocketHandler {

	private static final Log logger = LogFactory.getLog(EndpointWebSocketHandler.class);

	/** The most rooms a client may ask to recover at once. */
	private static final int MAX_RECOVERED_ROOMS = 100;

	private static final CloseStatus TOO_BIG = CloseStatus.TOO_BIG_TO_PROCESS.withReason("Message too big");

	private static final CloseStatus BINARY_NOT_SUPPORTED = CloseStatus.NOT_ACCEPTABLE
		.withReason("Binary messages are not supported");

	private static final CloseStatus NODE_LOST = CloseStatus.NO_CLOSE_FRAME;

	private static final CloseStatus RATE_LIMIT = CloseStatus.POLICY_VIOLATION.withReason("rate limit");

	private static final CloseStatus IDLE = CloseStatus.GOING_AWAY.withReason("idle timeout");

	private static final CloseStatus USER_LIMIT = CloseStatus.SERVICE_OVERLOAD
		.withReason("Too many connections for this user");

	private final EndpointDefinition endpoint;

	private final ConnectionRegistry registry;

	private final PayloadCodec codec;

	private final EndpointSettings settings;

	private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();

	private final WriteLanes lanes;

	private final ConnectionAdmission admission;

	private final WsMetrics metrics;

	private final MessageDispatcher dispatcher;

	EndpointWebSocketHandler(EndpointDefinition endpoint, ConnectionRegistry registry, PayloadCodec codec,
			EndpointSettings settings, WriteLanes lanes, ConnectionAdmission admission, WsMetrics metrics,
			MessageObservations observations) {
		this.endpoint = endpoint;
		this.registry = registry;
		this.codec = codec;
		this.settings = settings;
		this.lanes = lanes;
		this.admission = admission;
		this.metrics = metrics;
		this.dispatcher = new MessageDispatcher(endpoint, codec, metrics, observations);
	}

	/** The number of this endpoint's open connections on this node. */
	int connectionCount() {
		return this.sessions.size();
	}

	EndpointDefinition endpoint() {
		return this.endpoint;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		Map<String, String> pathVariables = EndpointHandshakeInterceptor.takePathVariables(session.getAttributes());
		DefaultConnection connection = new DefaultConnection(this.registry.nextConnectionId(), session,
				this.endpoint.path(), pathVariables, this.registry, this.codec, this.settings.sendLimits(), this.lanes,
				this.endpoint.queryParameters());
		RateLimiter rateLimiter = this.settings.rateLimit().enabled()
				? new RateLimiter(this.settings.rateLimit(), System.nanoTime()) : null;
		this.sessions.put(session.getId(),
				new SessionState(connection, new MessageAssembler(this.settings.maxMessageSize()), rateLimiter));
		RecoveryPositions positions = recoveryPositions(connection);
		connection.recoverFrom(positions.positions());
		try {
			this.registry.register(connection);
		}
		catch (UserLimitExceededException ex) {
			this.sessions.remove(session.getId());
			connection.closed(Set.of());
			connection.close(USER_LIMIT);
			return;
		}
		this.metrics.connectionOpened(this.endpoint.path());
		if (logger.isDebugEnabled()) {
			logger.debug("Connection " + connection.id() + " opened on " + this.endpoint.path());
		}
		String problem = positions.problem();
		if (problem != null) {
			connection.deliver(this.codec.encodeError(ErrorCode.BAD_REQUEST, problem, null));
			this.metrics.errorFrameSent(this.endpoint.path(), ErrorCode.BAD_REQUEST);
		}
		EndpointMethod onConnect = this.endpoint.onConnect();
		if (onConnect == null) {
			connection.accepted();
			return;
		}
		Invocation invocation = Invocation.connect(connection);
		boolean accepted = false;
		try {
			Object result = onConnect.invoke(invocation);
			accepted = true;
			if (result != null) {
				this.dispatcher.reply(connection, result, null, invocation);
			}
		}
		catch (ConnectionRejectedException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Connection " + connection.id() + " rejected: " + ex.getMessage());
			}
			connection.close(ex.getCloseStatus());
		}
		catch (PayloadBindingException ex) {
			connection.close(CloseStatus.POLICY_VIOLATION.withReason(MessageDispatcher.messageOf(ex)));
		}
		catch (RoomLimitExceededException | InvalidNameException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Connection " + connection.id() + " refused: " + ex.getMessage());
			}
			connection.close(CloseStatus.POLICY_VIOLATION.withReason(MessageDispatcher.messageOf(ex)));
		}
		catch (UserLimitExceededException ex) {
			connection.close(USER_LIMIT);
		}
		catch (Exception ex) {
			this.dispatcher.handleError(connection, invocation, ex, null, false);
			connection.close(CloseStatus.SERVER_ERROR);
		}
		finally {
			// what waited for @OnConnect (a room's replay) runs now, or never
			if (accepted) {
				connection.accepted();
			}
			else {
				connection.refused();
			}
		}
	}

	/**
	 * Read the positions from which the client asks to recover rooms with history; none
	 * when the registry keeps no history, for then the parameter may be the
	 * application's own.
	 */
	private RecoveryPositions recoveryPositions(DefaultConnection connection) {
		List<String> values = connection.queryParameters().get(RecoveryPositions.PARAMETER);
		if (values == null || values.isEmpty() || !this.registry.keepsHistory()) {
			return RecoveryPositions.NONE;
		}
		int maxRooms = this.registry.limits().maxRoomsPerConnection();
		return RecoveryPositions.read(values, (maxRooms > 0) ? Math.min(maxRooms, MAX_RECOVERED_ROOMS) : MAX_RECOVERED_ROOMS,
				this.registry.limits().maxRoomNameBytes());
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		SessionState state = this.sessions.get(session.getId());
		if (state == null) {
			return;
		}
		DefaultConnection connection = state.connection();
		connection.touch();
		if (message instanceof TextMessage textMessage) {
			String text = state.assembler().text(textMessage.getPayload(), textMessage.isLast());
			if (state.assembler().takeOverflow()) {
				connection.close(TOO_BIG);
			}
			else if (text != null && admit(state)) {
				this.dispatcher.dispatchText(connection, text);
				// a violation read with this message must not close before the reply is out
				connection.awaitRepliesWritten();
			}
		}
		else if (message instanceof BinaryMessage binaryMessage) {
			if (this.endpoint.binaryRoute() == null) {
				connection.close(BINARY_NOT_SUPPORTED);
				return;
			}
			ByteBuffer bytes = state.assembler().binary(binaryMessage.getPayload(), binaryMessage.isLast());
			if (state.assembler().takeOverflow()) {
				connection.close(TOO_BIG);
			}
			else if (bytes != null && admit(state)) {
				EndpointMethod binaryRoute = Objects.requireNonNull(this.endpoint.binaryRoute());
				this.dispatcher.dispatchBinary(connection, binaryRoute, bytes);
				connection.awaitRepliesWritten();
			}
		}
		else if (!(message instanceof PongMessage) && logger.isDebugEnabled()) {
			logger.debug("Ignoring " + message + " on connection " + connection.id());
		}
	}

	/**
	 * Apply the rate limit to a complete inbound message.
	 * @return whether to handle the message
	 */
	private boolean admit(SessionState state) {
		RateLimiter rateLimiter = state.rateLimiter();
		if (rateLimiter == null) {
			return true;
		}
		switch (rateLimiter.acquire(System.nanoTime())) {
			case ACCEPT -> {
				return true;
			}
			case DROP -> {
				this.metrics.rateLimited(this.endpoint.path(), false);
				this.dispatcher.sendError(state.connection(), ErrorCode.RATE_LIMITED, "Too many messages; this one was dropped", null);
				return false;
			}
			default -> {
				this.metrics.rateLimited(this.endpoint.path(), true);
				if (logger.isDebugEnabled()) {
					logger.debug("Closing connection " + state.connection().id() + ": it keeps going over the rate limit");
				}
				state.connection().close(RATE_LIMIT);
				return false;
			}
		}
	}

	/**
	 * Close the connections with a write pending past the send time limit, ping those
	 * that have been quiet for a heartbeat interval, and close those silent for longer
	 * than the idle timeout.
	 */
	void heartbeat() {
		long now = System.currentTimeMillis();
		long interval = this.settings.heartbeatInterval().toMillis();
		long idleTimeout = this.settings.idleTimeout().toMillis();
		for (SessionState state : this.sessions.values()) {
			DefaultConnection connection = state.connection();
			connection.checkSlow();
			long idle = now - connection.lastActiveAt().toEpochMilli();
			if (idleTimeout > 0 && idle > idleTimeout) {
				if (logger.isDebugEnabled()) {
					logger.debug("Closing connection " + connection.id() + ": silent for " + idle + " ms");
				}
				connection.close(IDLE);
			}
			else if (interval > 0 && idle >= interval) {
				connection.ping();
			}
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		if (logger.isDebugEnabled()) {
			logger.debug("Transport error on session " + session.getId() + ": " + exception);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		this.admission.release(session.getAttributes());
		SessionState state = this.sessions.remove(session.getId());
		if (state == null) {
			return;
		}
		DefaultConnection connection = state.connection();
		Set<String> rooms = this.registry.unregister(connection.id());
		connection.closed(rooms);
		CloseStatus sent = connection.closedByServer();
		if (sent != null && closeStatus.equalsCode(CloseStatus.NO_CLOSE_FRAME)) {
			// the server closed it, but could not write the close frame (a stalled client)
			closeStatus = sent;
		}
		this.metrics.connectionClosed(this.endpoint.path(), closeStatus, sent != null);
		if (DefaultConnection.SLOW_CONSUMER.equals(sent)) {
			this.metrics.slowConsumerClosed(this.endpoint.path());
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Connection " + connection.id() + " closed with " + closeStatus);
		}
		EndpointMethod onDisconnect = this.endpoint.onDisconnect();
		if (onDisconnect != null) {
			try {
				onDisconnect.invoke(Invocation.disconnect(connection, closeStatus));
			}
			catch (Exception ex) {
				logger.error("@OnDisconnect of " + this.endpoint.path() + " failed for connection " + connection.id(),
						ex);
			}
		}
	}

	/**
	 * Run {@code @OnDisconnect} for a connection of this endpoint that another node held
	 * and lost, with a detached snapshot of it.
	 * @param lost what the registry recorded of the connection
	 */
	void connectionLost(LostConnection lost) {
		EndpointMethod onDisconnect = this.endpoint.onDisconnect();
		if (onDisconnect == null) {
			return;
		}
		DetachedConnection connection = new DetachedConnection(lost, this.registry, this.codec);
		try {
			onDisconnect.invoke(Invocation.disconnect(connection, NODE_LOST.withReason(lost.reason())));
		}
		catch (Exception ex) {
			logger.error("@OnDisconnect of " + this.endpoint.path() + " failed for lost connection " + lost.connectionId(),
					ex);
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	/**
	 * Close every connection of this endpoint on this node.
	 * @param status the close status
	 */
	/** Whether a connection of this endpoint is still open. */
	boolean hasSessions() {
		return !this.sessions.isEmpty();
	}

	void closeAll(CloseStatus status) {
		for (SessionState state : this.sessions.values()) {
			state.connection().close(status);
		}
	}

	private record SessionState(DefaultConnection connection, MessageAssembler assembler,
			@Nullable RateLimiter rateLimiter) {
	}

}
