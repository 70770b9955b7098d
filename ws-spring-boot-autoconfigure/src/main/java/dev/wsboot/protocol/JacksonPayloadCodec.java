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

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * {@link PayloadCodec} on Jackson 3. Inbound text is read into a tree with strict read
 * limits (nesting depth {@value #MAX_NESTING_DEPTH}, numbers of at most
 * {@value #MAX_NUMBER_LENGTH} characters), whatever the application's own settings; data
 * is then bound, and outbound payloads written, with the application's
 * {@link JsonMapper}, so its modules and settings apply to payloads.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class JacksonPayloadCodec implements PayloadCodec {

	/**
	 * Deepest nesting of arrays and objects an inbound message may have.
	 */
	static final int MAX_NESTING_DEPTH = 100;

	/**
	 * Longest number an inbound message may hold, in characters.
	 */
	static final int MAX_NUMBER_LENGTH = 100;

	private final JsonMapper mapper;

	private final JsonMapper reader;

	private final String routeKey;

	/**
	 * Create a codec.
	 * @param mapper the JSON mapper
	 * @param routeKey name of the JSON field that selects the route
	 */
	public JacksonPayloadCodec(JsonMapper mapper, String routeKey) {
		Assert.notNull(mapper, "'mapper' must not be null");
		Assert.hasText(routeKey, "'routeKey' must not be empty");
		this.mapper = mapper;
		this.reader = JsonMapper.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(MAX_NESTING_DEPTH)
				.maxNumberLength(MAX_NUMBER_LENGTH)
				.build())
			.build()).build();
		this.routeKey = routeKey;
	}

	@Override
	public Envelope read(String text) {
		if (!looksLikeJson(text)) {
			return Envelope.plainText(text);
		}
		JsonNode document;
		try {
			document = this.reader.readTree(text);
		}
		catch (JacksonException ex) {
			return Envelope.malformedJson(text);
		}
		if (!document.isObject()) {
			return Envelope.json(text, document, null, null);
		}
		JsonNode id = document.get("id");
		if (id != null && !(id.isString() || id.isNumber())) {
			id = null;
		}
		JsonNode route = document.get(this.routeKey);
		if (route == null || route.isNull()) {
			return Envelope.json(text, document, null, id);
		}
		if (!route.isString() || route.stringValue().isEmpty()) {
			return Envelope.invalid(text, document, id, "'" + this.routeKey + "' must be a non-empty string");
		}
		return Envelope.json(text, document, route.stringValue(), id);
	}

	private static boolean looksLikeJson(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '{' || c == '[') {
				return true;
			}
			if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
				return false;
			}
		}
		return false;
	}

	@Override
	public @Nullable Object bind(@Nullable JsonNode payload, Type type) throws PayloadBindingException {
		JavaType javaType = this.mapper.constructType(type);
		if (payload == null) {
			if (javaType.isPrimitive()) {
				throw new PayloadBindingException("Missing data");
			}
			return null;
		}
		try {
			return this.mapper.treeToValue(payload, javaType);
		}
		catch (DatabindException ex) {
			throw new PayloadBindingException(describe(ex), ex);
		}
		catch (JacksonException ex) {
			throw new PayloadBindingException("Invalid data", ex);
		}
	}

	private static String describe(DatabindException ex) {
		List<JacksonException.Reference> path = ex.getPath();
		if (path.isEmpty()) {
			return "Invalid data";
		}
		StringBuilder field = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			if (reference.getPropertyName() != null) {
				if (!field.isEmpty()) {
					field.append('.');
				}
				field.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				field.append('[').append(reference.getIndex()).append(']');
			}
		}
		return field.isEmpty() ? "Invalid data" : "Invalid data at '" + truncate(field.toString()) + "'";
	}

	private static String truncate(String text) {
		return (text.length() <= 80) ? text : text.substring(0, 80) + "...";
	}

	@Override
	public OutboundMessage encode(Object payload) {
		Assert.notNull(payload, "'payload' must not be null");
		if (payload instanceof OutboundMessage message) {
			return message;
		}
		if (payload instanceof CharSequence text) {
			return OutboundMessage.text(text.toString());
		}
		if (payload instanceof byte[] bytes) {
			return OutboundMessage.binary(bytes.clone());
		}
		if (payload instanceof ByteBuffer buffer) {
			ByteBuffer source = buffer.duplicate();
			byte[] bytes = new byte[source.remaining()];
			source.get(bytes);
			return OutboundMessage.binary(bytes);
		}
		return OutboundMessage.text(this.mapper.writeValueAsString(payload));
	}

	@Override
	public OutboundMessage encodeReply(JsonNode id, @Nullable Object payload) {
		return OutboundMessage.text(this.mapper.writeValueAsString(new Reply(id, payload)));
	}

	@Override
	public OutboundMessage encodeError(ErrorCode code, String message, @Nullable JsonNode id) {
		return OutboundMessage.text(this.mapper.writeValueAsString(new ErrorFrame("error", code.code(), message, id)));
	}

	record Reply(JsonNode replyTo, @Nullable Object data) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ErrorFrame(String type, String code, String message, @Nullable JsonNode id) {
	}

}
