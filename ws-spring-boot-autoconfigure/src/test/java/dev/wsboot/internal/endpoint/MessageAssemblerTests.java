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
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assembly of fragmented messages against a byte limit.
 */
class MessageAssemblerTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "ascii", "é", "€uro", "😀 emoji", "👩‍👩‍👧 family", "a\u0301", "\u200f rtl", "\u0000\uffff\ufeff" })
	void countsUtf8Bytes(String text) {
		assertThat(MessageAssembler.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
	}

	@Test
	void assemblesTextPartsAndResetsForTheNextMessage() {
		MessageAssembler assembler = new MessageAssembler(10);
		assertThat(assembler.text("abc", false)).isNull();
		assertThat(assembler.text("def", true)).isEqualTo("abcdef");
		assertThat(assembler.text("0123456789", true)).isEqualTo("0123456789");
		assertThat(assembler.takeOverflow()).isFalse();
	}

	@Test
	void overflowIsReportedOnceAndTheRestOfTheMessageDiscarded() {
		MessageAssembler assembler = new MessageAssembler(4);
		assertThat(assembler.text("abc", false)).isNull();
		assertThat(assembler.text("€", false)).isNull();
		assertThat(assembler.takeOverflow()).isTrue();
		assertThat(assembler.text("more", true)).isNull();
		assertThat(assembler.takeOverflow()).isFalse();
		assertThat(assembler.text("ok", true)).isEqualTo("ok");
	}

	@Test
	void overflowOnTheLastPartIsReported() {
		MessageAssembler assembler = new MessageAssembler(4);
		assertThat(assembler.binary(ByteBuffer.wrap(new byte[5]), true)).isNull();
		assertThat(assembler.takeOverflow()).isTrue();
		assertThat(assembler.binary(ByteBuffer.wrap(new byte[] { 1, 2 }), false)).isNull();
		assertThat(assembler.binary(ByteBuffer.wrap(new byte[] { 3 }), true)).isEqualTo(ByteBuffer.wrap(new byte[] { 1, 2, 3 }));
	}

}
