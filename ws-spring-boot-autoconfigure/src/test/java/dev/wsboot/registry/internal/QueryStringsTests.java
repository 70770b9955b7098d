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

package dev.wsboot.registry.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link QueryStrings}.
 */
class QueryStringsTests {

	@Test
	void parsesNamesAndValuesInOrderWithRepeatsAndEmptyValues() {
		assertThat(QueryStrings.parse("user=ada&tag=a&tag=b&flag&empty=")).containsExactly(
				Map.entry("user", List.of("ada")), Map.entry("tag", List.of("a", "b")), Map.entry("flag", List.of("")),
				Map.entry("empty", List.of("")));
		assertThat(QueryStrings.parse(null)).isEmpty();
		assertThat(QueryStrings.parse("")).isEmpty();
	}

	@Test
	void decodesPercentEscapesAndPlusAsSpace() {
		assertThat(QueryStrings.parse("user=%EF%BD%81da%20x+y&a%26b=c%3Dd")).containsExactly(
				Map.entry("user", List.of("ａda x y")), Map.entry("a&b", List.of("c=d")));
	}

	@Test
	void malformedInputIsKeptAsSentAndNeverThrows() {
		assertThat(QueryStrings.parse("user=%zz&x=%E0%A4&&=orphan&%=%")).containsEntry("user", List.of("%zz"))
			.containsKey("x")
			.doesNotContainKey("");
		String huge = "k=" + "v".repeat(100_000);
		assertThat(QueryStrings.parse(huge).get("k").get(0)).hasSize(100_000);
	}

	@Test
	void whatIsFormattedIsParsedBackUnchanged() {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		parameters.put("user", List.of("ada lovelace"));
		parameters.put("a&b=c", List.of("x=y&z", "100%", "+plus+", "名前", ""));
		assertThat(QueryStrings.parse(QueryStrings.format(parameters))).isEqualTo(parameters);
		Map<String, String> variables = Map.of("room", "r/1?#&=");
		assertThat(QueryStrings.parseSingle(QueryStrings.formatSingle(variables))).isEqualTo(variables);
		assertThat(QueryStrings.format(Map.of())).isEmpty();
	}

}
