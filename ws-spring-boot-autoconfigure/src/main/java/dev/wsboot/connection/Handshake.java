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


package dev.wsboot.connection;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * A WebSocket handshake request, as an {@code @OnHandshake} method sees it before the
 * upgrade.
 *
 * @param pathVariables the values of the endpoint's path variables
 * @param queryParameters the query parameters, decoded
 * @param headers the request headers
 * @param principal the principal of the request (for example from Spring Security), or
 * {@code null}
 * @param remoteAddress the client's address, or {@code null}
 * @param attributes attributes that the connection will carry
 * ({@code Connection.attributes()}); the method may add to them
 * @author wsboot
 * @since 0.1.0
 */
public record Handshake(Map<String, String> pathVariables, Map<String, List<String>> queryParameters,
		HttpHeaders headers, @Nullable Principal principal, @Nullable InetSocketAddress remoteAddress,
		Map<String, Object> attributes) {

	/**
	 * Return the first value of a query parameter.
	 * @param name the parameter name
	 * @return the value, or {@code null}
	 */
	public @Nullable String queryParameter(String name) {
		List<String> values = this.queryParameters.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	/**
	 * Return the first value of a header.
	 * @param name the header name
	 * @return the value, or {@code null}
	 */
	public @Nullable String header(String name) {
		return this.headers.getFirst(name);
	}

}
