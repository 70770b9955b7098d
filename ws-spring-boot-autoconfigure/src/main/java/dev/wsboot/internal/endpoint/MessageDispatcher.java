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
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import dev.wsboot.internal.connection.DefaultConnection;
import dev.wsboot.internal.observability.WsMetrics;
import dev.wsboot.observation.MessageObservationContext;
import dev.wsboot.protocol.Envelope;
import dev.wsboot.protocol.ErrorCode;
import dev.wsboot.protocol.PayloadBindingException;
import dev.wsboot.protocol.PayloadCodec;
import dev.wsboot.registry.InvalidNameException;
import dev.wsboot.registry.RoomLimitExceededException;
import dev.wsboot.registry.UserLimitExceededException;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Takes a complete inbound message of one endpoint to its handler method: reads the
 * envelope, finds the route, invokes the method, sends its reply or maps its failure to
 * an {@code @OnError} method or an error frame, and observes the whole when
 * observations are recorded. The connection's life cycle is
 * {@link EndpointWebSocketHandler}'s.
 *
 * @author wsboot
 */
final class MessageDispatcher {

	private static final Log logger = LogFactory.getLog(EndpointWebSocketHandler.class);

	private static final String SUCCESS = "success";

	private static final String BAD_REQUEST = "bad_request";

	private static final String UNKNOWN_ROUTE = "unknown_route";

	private static final String ERROR = "error";

	private static final String DEFAULT_ROUTE = "default";

	private static final String BINARY_ROUTE = "binary";

	/**
	 * The route a client pings the server on, when the endpoint has no route of that
	 * name: answered {@code {"replyTo":ID,"data":"pong"}} without user code.
	 */
	static final String PING_ROUTE = "$ping";

	private static final String PONG = "pong";

	private final EndpointDefinition endpoint;

	private final PayloadCodec codec;

	private final WsMetrics metrics;

	private final MessageObservations observations;

	MessageDispatcher(EndpointDefinition endpoint, PayloadCodec codec, WsMetrics metrics,
			MessageObservations observations) {
		this.endpoint = endpoint;
		this.codec = codec;
		this.metrics = metrics;
		this.observations = observations;
	}

	/** Dispatch a complete text message. */
	void dispatchText(DefaultConnection connection, String text) {
		if (!this.observations.enabled()) {
			// unobserved: no context and no lambda per message
			handleText(connection, text, null);
			return;
		}
		observed(connection, (context) -> handleText(connection, text, context));
	}

	/** Dispatch a complete binary message to the endpoint's binary method. */
	void dispatchBinary(DefaultConnection connection, EndpointMethod binaryRoute, ByteBuffer bytes) {
		if (!this.observations.enabled()) {
			invoke(connection, binaryRoute, Invocation.binary(connection, bytes), null, null);
			return;
		}
		observed(connection, (context) -> {
			context.setRoute(BINARY_ROUTE);
			return invoke(connection, binaryRoute, Invocation.binary(connection, bytes), null, context);
		});
	}

	/**
	 * Dispatch a complete inbound message within an observation.
	 * @param dispatch the dispatch, which sets the context's route and returns its
	 * outcome
	 */
	private void observed(DefaultConnection connection, Dispatch dispatch) {
		MessageObservationContext context = new MessageObservationContext(this.endpoint.path(), connection.id());
		Observation observation = this.observations.start(context);
		try (Observation.Scope scope = observation.openScope()) {
			context.setOutcome(dispatch.run(context));
		}
		catch (RuntimeException ex) {
			context.setOutcome(ERROR);
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private String handleText(DefaultConnection connection, String text, @Nullable MessageObservationContext context) {
		Envelope envelope = this.codec.read(text);
		if (envelope.problem() != null) {
			sendError(connection, ErrorCode.BAD_REQUEST, envelope.problem(), envelope.id());
			return BAD_REQUEST;
		}
		String route = envelope.route();
		EndpointMethod method = (route != null) ? this.endpoint.route(route) : null;
		if (method == null && PING_ROUTE.equals(route)) {
			// a client's liveness check (browsers cannot see the server's pings): answered
			// here, without user code, like a protocol pong
			JsonNode id = envelope.id();
			if (id != null) {
				connection.deliver(this.codec.encodeReply(id, PONG));
			}
			if (context != null) {
				context.setRoute(PING_ROUTE);
			}
			return SUCCESS;
		}
		if (method == null) {
			method = this.endpoint.defaultRoute();
			if (method != null && context != null) {
				context.setRoute(DEFAULT_ROUTE);
			}
		}
		else if (context != null) {
			context.setRoute(Objects.requireNonNull(route));
		}
		if (method == null) {
			if (route != null) {
				sendError(connection, ErrorCode.UNKNOWN_ACTION, "Unknown action '" + abbreviate(route) + "'",
						envelope.id());
				return UNKNOWN_ROUTE;
			}
			else if (envelope.isMalformedJson()) {
				sendError(connection, ErrorCode.BAD_REQUEST, "Malformed JSON", null);
			}
			else {
				sendError(connection, ErrorCode.BAD_REQUEST, "Expected a JSON object with a route key", envelope.id());
			}
			return BAD_REQUEST;
		}
		return invoke(connection, method, Invocation.text(connection, envelope), envelope.id(), context);
	}

	private String invoke(DefaultConnection connection, EndpointMethod method, Invocation invocation,
			@Nullable JsonNode id, @Nullable MessageObservationContext context) {
		try {
			Object result = method.invoke(invocation);
			if (result != null) {
				reply(connection, result, id, invocation);
			}
			return SUCCESS;
		}
		catch (PayloadBindingException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Bad payload on connection " + connection.id() + " for " + method, ex);
			}
			sendError(connection, ErrorCode.BAD_REQUEST, messageOf(ex), id);
			return BAD_REQUEST;
		}
		catch (Exception ex) {
			if (context != null) {
				context.setError(ex);
			}
			handleError(connection, invocation, ex, id, true);
			return ERROR;
		}
	}

	void reply(DefaultConnection connection, Object result, @Nullable JsonNode id, Invocation invocation) {
		if (result instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, failure) -> {
				if (failure != null) {
					handleError(connection, invocation, unwrap(failure), id, true);
				}
				else if (value != null) {
					reply(connection, value, id, invocation);
				}
			});
			return;
		}
		try {
			connection.deliver((id != null) ? this.codec.encodeReply(id, result) : this.codec.encode(result));
		}
		catch (RuntimeException ex) {
			logger.error("Could not encode the reply of " + this.endpoint.path() + " for connection " + connection.id(),
					ex);
			sendError(connection, ErrorCode.INTERNAL, "Internal error", id);
		}
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	void handleError(DefaultConnection connection, Invocation invocation, Throwable error,
			@Nullable JsonNode id, boolean sendErrorFrame) {
		EndpointMethod handler = this.endpoint.errorHandler(error.getClass());
		if (handler != null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Handler failure on connection " + connection.id() + " goes to " + handler, error);
			}
			try {
				Object result = handler.invoke(invocation.withError(error));
				if (result != null) {
					reply(connection, result, id, invocation);
				}
				return;
			}
			catch (Exception ex) {
				ex.addSuppressed(error);
				error = ex;
			}
		}
		if (error instanceof UserLimitExceededException) {
			if (sendErrorFrame) {
				sendError(connection, ErrorCode.LIMIT_EXCEEDED, messageOf(error), id);
			}
			return;
		}
		if (error instanceof InvalidNameException invalid) {
			if (logger.isDebugEnabled()) {
				logger.debug("Invalid name from connection " + connection.id() + ": " + invalid.getMessage());
			}
			if (sendErrorFrame) {
				sendError(connection, ErrorCode.BAD_REQUEST, messageOf(invalid), id);
			}
			return;
		}
		if (error instanceof RoomLimitExceededException limit) {
			if (logger.isDebugEnabled()) {
				logger.debug("Join refused for connection " + connection.id() + ": " + limit.getMessage());
			}
			if (sendErrorFrame) {
				sendError(connection, (limit.getLimit() == RoomLimitExceededException.Limit.ROOM_FULL)
						? ErrorCode.ROOM_FULL : ErrorCode.LIMIT_EXCEEDED, messageOf(limit), id);
			}
			return;
		}
		logger.error("Handler of " + this.endpoint.path() + " failed for connection " + connection.id(), error);
		if (sendErrorFrame) {
			sendError(connection, ErrorCode.INTERNAL, "Internal error", id);
		}
	}

	void sendError(DefaultConnection connection, ErrorCode code, String message, @Nullable JsonNode id) {
		this.metrics.errorFrameSent(this.endpoint.path(), code);
		connection.deliver(this.codec.encodeError(code, message, id));
	}

	private static String abbreviate(String text) {
		return (text.length() <= 64) ? text : text.substring(0, 64) + "...";
	}

	/** A message's dispatch: it sets the route it was dispatched to, and returns its outcome. */
	@FunctionalInterface
	private interface Dispatch {

		String run(MessageObservationContext context);

	}

	/** The message of an exception whose message is meant for the client, never null. */
	static String messageOf(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? message : ex.getClass().getSimpleName();
	}

}
