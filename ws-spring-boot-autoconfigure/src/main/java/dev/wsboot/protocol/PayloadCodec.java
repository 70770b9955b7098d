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

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads inbound envelopes and encodes outbound payloads: the SPI of the wire format.
 * The default implementation is {@link JacksonPayloadCodec}, for the starter's
 * <code>{"action":...,"data":...,"id":...}</code> shape; define a bean of this type to
 * speak another JSON shape (the {@link Envelope} factories build what {@link #read}
 * returns). Payloads stay Jackson trees, so handlers bind them the same way.
 *
 * @author wsboot
 * @since 0.1.0
 */
public interface PayloadCodec {

	/**
	 * Read an inbound text message. Never fails: text that is not JSON is returned as a
	 * plain-text envelope.
	 * @param text the message as received
	 * @return the envelope
	 */
	Envelope read(String text);

	/**
	 * Bind a payload node to a handler parameter type.
	 * @param payload the payload node, or {@code null} when the message has none
	 * @param type the parameter type
	 * @return the bound value
	 * @throws PayloadBindingException if the payload does not match the type
	 */
	@Nullable Object bind(@Nullable JsonNode payload, Type type) throws PayloadBindingException;

	/**
	 * Encode a payload once, ready to send to any number of connections: a
	 * {@code CharSequence} as text, a {@code byte[]} or {@code ByteBuffer} as binary, an
	 * {@link OutboundMessage} as it is, anything else as JSON.
	 * @param payload the payload
	 * @return the encoded message
	 */
	OutboundMessage encode(Object payload);

	/**
	 * Encode a reply to a message that carried an {@code id}:
	 * {@code {"replyTo":ID,"data":PAYLOAD}}.
	 * @param id the id of the inbound message
	 * @param payload the reply data, or {@code null}
	 * @return the encoded reply
	 */
	OutboundMessage encodeReply(JsonNode id, @Nullable Object payload);

	/**
	 * Encode an error frame: {@code {"type":"error","code":...,"message":...,"id":...}}.
	 * @param code the error code
	 * @param message a message safe to show to the client
	 * @param id the id of the inbound message, or {@code null}
	 * @return the encoded error frame
	 */
	OutboundMessage encodeError(ErrorCode code, String message, @Nullable JsonNode id);

}
