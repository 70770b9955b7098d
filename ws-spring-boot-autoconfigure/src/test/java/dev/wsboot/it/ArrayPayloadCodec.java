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

package dev.wsboot.it;

import java.lang.reflect.Type;

import dev.wsboot.protocol.Envelope;
import dev.wsboot.protocol.ErrorCode;
import dev.wsboot.protocol.JacksonPayloadCodec;
import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.protocol.PayloadBindingException;
import dev.wsboot.protocol.PayloadCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A second wire format, written outside the starter's protocol package as an
 * application would: messages are arrays, {@code [route, data, id]} in, replies
 * {@code ["reply", id, data]} and errors {@code ["error", code, message, id]} out. It
 * proves that {@link PayloadCodec} is an SPI: it binds payloads and encodes events
 * through the default codec, and reads and replies in its own shape.
 */
public class ArrayPayloadCodec implements PayloadCodec {

	private final JsonMapper mapper = new JsonMapper();

	private final JacksonPayloadCodec json = new JacksonPayloadCodec(this.mapper, "action");

	@Override
	public Envelope read(String text) {
		JsonNode document;
		try {
			document = this.mapper.readTree(text);
		}
		catch (JacksonException ex) {
			String trimmed = text.strip();
			return (trimmed.startsWith("[") || trimmed.startsWith("{")) ? Envelope.malformedJson(text)
					: Envelope.plainText(text);
		}
		if (document == null || !document.isArray()) {
			return Envelope.plainText(text);
		}
		JsonNode id = document.get(2);
		JsonNode route = document.get(0);
		if (route == null || !route.isString()) {
			return Envelope.invalid(text, document, id, "A message is an array whose first element is its route");
		}
		JsonNode data = document.get(1);
		return Envelope.routed(text, document, route.asString(), id, (data != null && !data.isNull()) ? data : null);
	}

	@Override
	public @Nullable Object bind(@Nullable JsonNode payload, Type type) throws PayloadBindingException {
		return this.json.bind(payload, type);
	}

	@Override
	public OutboundMessage encode(Object payload) {
		return this.json.encode(payload);
	}

	@Override
	public OutboundMessage encodeReply(JsonNode id, @Nullable Object payload) {
		ArrayNode reply = this.mapper.createArrayNode().add("reply").add(id);
		reply.add(this.mapper.valueToTree(payload));
		return OutboundMessage.text(this.mapper.writeValueAsString(reply));
	}

	@Override
	public OutboundMessage encodeError(ErrorCode code, String message, @Nullable JsonNode id) {
		ArrayNode error = this.mapper.createArrayNode().add("error").add(code.code()).add(message);
		error.add((id != null) ? id : this.mapper.nullNode());
		return OutboundMessage.text(this.mapper.writeValueAsString(error));
	}

}
