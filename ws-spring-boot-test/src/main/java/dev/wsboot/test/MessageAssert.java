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

package dev.wsboot.test;

import java.util.Objects;

import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * AssertJ assertions on a message a {@link WsTestConnection} received, in the starter's
 * protocol: an event ({@code {"type":...,"data":...}}), a reply
 * ({@code {"replyTo":...,"data":...}}) or an error frame
 * ({@code {"type":"error","code":...,"message":...,"id":...}}).
 *
 * <pre class="code">
 * MessageAssert.assertThat(ada.awaitType("message"))
 *     .hasType("message")
 *     .hasData("/text", "hi");
 * </pre>
 *
 * @author wsboot
 * @since 0.1.0
 */
public class MessageAssert extends AbstractAssert<MessageAssert, JsonNode> {

	/**
	 * Create an assertion on a message.
	 * @param actual the message
	 */
	public MessageAssert(@Nullable JsonNode actual) {
		super(actual, MessageAssert.class);
	}

	/**
	 * Start an assertion on a message.
	 * @param message the message, as an await returned it
	 * @return the assertion
	 */
	public static MessageAssert assertThat(@Nullable JsonNode message) {
		return new MessageAssert(message);
	}

	/**
	 * Verify that the message is an event of a type.
	 * @param type the expected type
	 * @return this assertion
	 */
	public MessageAssert hasType(String type) {
		isNotNull();
		String actualType = Objects.requireNonNull(this.actual).path("type").asString(null);
		if (!type.equals(actualType)) {
			failWithMessage("Expected a message of type <%s> but was <%s>: %s", type, actualType, this.actual);
		}
		return this;
	}

	/**
	 * Verify that the message is the reply to an id.
	 * @param id the id the request carried
	 * @return this assertion
	 */
	public MessageAssert isReplyTo(String id) {
		isNotNull();
		String replyTo = Objects.requireNonNull(this.actual).path("replyTo").asString(null);
		if (!id.equals(replyTo)) {
			failWithMessage("Expected the reply to <%s> but was <%s>", id, this.actual);
		}
		return this;
	}

	/**
	 * Verify that the message is an error frame with a code.
	 * @param code the expected code, such as {@code bad_request}
	 * @return this assertion
	 */
	public MessageAssert isError(String code) {
		hasType("error");
		String actualCode = Objects.requireNonNull(this.actual).path("code").asString(null);
		if (!code.equals(actualCode)) {
			failWithMessage("Expected an error frame with code <%s> but was <%s>", code, this.actual);
		}
		return this;
	}

	/**
	 * Verify a value of the message's {@code data}.
	 * @param pointer a JSON pointer into {@code data}, such as {@code /text} or
	 * {@code /user/name}
	 * @param expected the expected value: compared as text for a text node, else with
	 * the node's text form
	 * @return this assertion
	 */
	public MessageAssert hasData(String pointer, Object expected) {
		isNotNull();
		JsonNode value = Objects.requireNonNull(this.actual).path("data").at(pointer);
		if (value.isMissingNode()) {
			failWithMessage("Expected data at <%s> but there is none: %s", pointer, this.actual);
		}
		String actualText = value.isString() ? value.asString() : value.toString();
		if (!String.valueOf(expected).equals(actualText)) {
			failWithMessage("Expected <%s> at data<%s> but was <%s>: %s", expected, pointer, actualText, this.actual);
		}
		return this;
	}

}
