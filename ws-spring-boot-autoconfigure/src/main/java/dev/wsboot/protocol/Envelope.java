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

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An inbound text message as the protocol reads it: the raw text, and when it is a JSON
 * document, its route, its {@code id} and its payload. A {@link PayloadCodec} makes one
 * per message with the factory methods here, whatever the shape of its protocol.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class Envelope {

	private final String text;

	private final @Nullable JsonNode document;

	private final @Nullable String route;

	private final @Nullable JsonNode id;

	private final @Nullable String problem;

	private final boolean malformed;

	private final @Nullable JsonNode payload;

	private final boolean payloadGiven;

	private Envelope(String text, @Nullable JsonNode document, @Nullable String route, @Nullable JsonNode id,
			@Nullable String problem, boolean malformed, @Nullable JsonNode payload, boolean payloadGiven) {
		this.text = text;
		this.document = document;
		this.route = route;
		this.id = id;
		this.problem = problem;
		this.malformed = malformed;
		this.payload = payload;
		this.payloadGiven = payloadGiven;
	}

	/**
	 * Return the envelope of a message that is not JSON: it reaches a default route
	 * that takes the text.
	 * @param text the message
	 * @return the envelope
	 */
	public static Envelope plainText(String text) {
		return new Envelope(text, null, null, null, null, false, null, false);
	}

	/**
	 * Return the envelope of a message that looks like JSON but does not parse.
	 * @param text the message
	 * @return the envelope
	 */
	public static Envelope malformedJson(String text) {
		return new Envelope(text, null, null, null, null, true, null, false);
	}

	/**
	 * Return the envelope of a JSON message in the starter's own shape: its payload is
	 * the document's {@code data} field when it has a route, or the whole document when
	 * it has none.
	 * @param text the message
	 * @param document the parsed message
	 * @param route the route, or {@code null} for the default route
	 * @param id the id to acknowledge, or {@code null}
	 * @return the envelope
	 */
	public static Envelope json(String text, JsonNode document, @Nullable String route, @Nullable JsonNode id) {
		return new Envelope(text, document, route, id, null, false, null, false);
	}

	/**
	 * Return the envelope of a JSON message of any shape, its parts found by the codec.
	 * @param text the message
	 * @param document the parsed message
	 * @param route the route, or {@code null} for the default route
	 * @param id the id to acknowledge, or {@code null}
	 * @param payload what typed parameters bind, or {@code null} for none
	 * @return the envelope
	 */
	public static Envelope routed(String text, JsonNode document, @Nullable String route, @Nullable JsonNode id,
			@Nullable JsonNode payload) {
		return new Envelope(text, document, route, id, null, false, payload, true);
	}

	/**
	 * Return the envelope of a JSON message that breaks the protocol, answered with an
	 * error frame {@code bad_request}.
	 * @param text the message
	 * @param document the parsed message
	 * @param id the id to acknowledge, or {@code null}
	 * @param problem what is wrong, safe to show to the client
	 * @return the envelope
	 */
	public static Envelope invalid(String text, JsonNode document, @Nullable JsonNode id, String problem) {
		return new Envelope(text, document, null, id, problem, false, null, false);
	}

	/**
	 * Return the message exactly as received.
	 * @return the raw text
	 */
	public String text() {
		return this.text;
	}

	/**
	 * Whether the message is JSON.
	 * @return {@code true} if the text parsed as a JSON document
	 */
	public boolean isJson() {
		return this.document != null;
	}

	/**
	 * Whether the message looks like JSON (it starts with <code>{</code> or
	 * <code>[</code>) but does not parse. Such a message still reaches a default route
	 * that takes the text.
	 * @return {@code true} for malformed JSON
	 */
	public boolean isMalformedJson() {
		return this.malformed;
	}

	/**
	 * Return the route named by the route key, or {@code null} for the default route.
	 * @return the route or {@code null}
	 */
	public @Nullable String route() {
		return this.route;
	}

	/**
	 * Return the {@code id} the client attached for acknowledgement, if any.
	 * @return the id or {@code null}
	 */
	public @Nullable JsonNode id() {
		return this.id;
	}

	/**
	 * Return why the message is not a valid envelope although it is JSON, for example a
	 * route key that is not a string.
	 * @return a message safe to show to the client, or {@code null}
	 */
	public @Nullable String problem() {
		return this.problem;
	}

	/**
	 * Return the payload that typed parameters bind: the one the codec found, or, in the
	 * starter's own shape, the {@code data} field of a routed envelope (a missing field
	 * reads as {@code null}) or the whole document when the message has no route key.
	 * @return the payload node, or {@code null} if the message is not JSON or has no data
	 */
	public @Nullable JsonNode payload() {
		if (this.payloadGiven) {
			return this.payload;
		}
		JsonNode document = this.document;
		if (document == null) {
			return null;
		}
		if (this.route == null) {
			return document;
		}
		JsonNode data = document.get("data");
		return (data != null && !data.isNull()) ? data : null;
	}

}
