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
 * object, its route, its {@code id} and its payload.
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

	private Envelope(String text, @Nullable JsonNode document, @Nullable String route, @Nullable JsonNode id,
			@Nullable String problem, boolean malformed) {
		this.text = text;
		this.document = document;
		this.route = route;
		this.id = id;
		this.problem = problem;
		this.malformed = malformed;
	}

	static Envelope plainText(String text) {
		return new Envelope(text, null, null, null, null, false);
	}

	static Envelope malformedJson(String text) {
		return new Envelope(text, null, null, null, null, true);
	}

	static Envelope json(String text, JsonNode document, @Nullable String route, @Nullable JsonNode id) {
		return new Envelope(text, document, route, id, null, false);
	}

	static Envelope invalid(String text, JsonNode document, @Nullable JsonNode id, String problem) {
		return new Envelope(text, document, null, id, problem, false);
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
	 * Return the payload that typed parameters bind: the {@code data} field of a routed
	 * envelope (a missing field reads as {@code null}), or the whole document when the
	 * message has no route key.
	 * @return the payload node, or {@code null} if the message is not JSON or has no data
	 */
	public @Nullable JsonNode payload() {
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
