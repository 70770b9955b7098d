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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The one codec of query strings: parses a connection's query string, and writes and
 * reads back the parameters and path variables a clustered registry keeps. Built on
 * Spring's {@link UriComponentsBuilder} (splitting) and {@link UriUtils} (percent
 * coding); a {@code +} reads as a space, as browsers send it in forms and
 * {@code URLSearchParams}.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class QueryStrings {

	private QueryStrings() {
	}

	/**
	 * Parse a raw (still encoded) query string.
	 * @param rawQuery the query string, without the {@code ?}, or {@code null}
	 * @return the parameters in order, each with its values; a parameter without
	 * {@code =} has the value {@code ""}; an escape that is not valid UTF-8 is kept as
	 * it was sent
	 */
	public static Map<String, List<String>> parse(@Nullable String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return Map.of();
		}
		MultiValueMap<String, String> pairs = UriComponentsBuilder.newInstance().query(rawQuery).build().getQueryParams();
		Map<String, List<String>> result = new LinkedHashMap<>();
		pairs.forEach((name, values) -> {
			if (name.isEmpty()) {
				return;
			}
			List<String> decoded = new ArrayList<>(values.size());
			for (String value : values) {
				decoded.add((value != null) ? decode(value) : "");
			}
			result.merge(decode(name), decoded, (left, right) -> {
				List<String> both = new ArrayList<>(left);
				both.addAll(right);
				return both;
			});
		});
		result.replaceAll((name, values) -> List.copyOf(values));
		return Collections.unmodifiableMap(result);
	}

	/**
	 * Write parameters as a query string, every name and value percent-encoded, so that
	 * {@link #parse} reads them back as they were.
	 * @param parameters the parameters
	 * @return the query string, empty for none
	 */
	public static String format(Map<String, List<String>> parameters) {
		StringBuilder result = new StringBuilder();
		parameters.forEach((name, values) -> {
			for (String value : values) {
				if (!result.isEmpty()) {
					result.append('&');
				}
				result.append(UriUtils.encode(name, StandardCharsets.UTF_8))
					.append('=')
					.append(UriUtils.encode(value, StandardCharsets.UTF_8));
			}
		});
		return result.toString();
	}

	/**
	 * Write single-valued parameters, such as path variables, as a query string.
	 * @param variables the variables
	 * @return the query string
	 */
	public static String formatSingle(Map<String, String> variables) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		variables.forEach((name, value) -> parameters.put(name, List.of(value)));
		return format(parameters);
	}

	/**
	 * Read single-valued parameters written by {@link #formatSingle}.
	 * @param query the query string
	 * @return the variables, the first value of each
	 */
	public static Map<String, String> parseSingle(String query) {
		Map<String, String> result = new LinkedHashMap<>();
		parse(query).forEach((name, values) -> result.put(name, values.get(0)));
		return Collections.unmodifiableMap(result);
	}

	private static String decode(String value) {
		try {
			return UriUtils.decode(value.replace('+', ' '), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

}
