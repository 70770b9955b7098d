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

import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Spring's handshake handler, except that no extension is negotiated unless compression
 * is enabled. Tomcat negotiates extensions itself from the request headers, whatever
 * Spring selected, and would accept {@code permessage-deflate} from every browser that
 * offers it; so the offer is hidden from it.
 *
 * @author wsboot
 */
final class EndpointHandshakeHandler extends DefaultHandshakeHandler {

	private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

	private final boolean compression;

	EndpointHandshakeHandler(boolean compression) {
		super(new NoExtensionsUpgradeStrategy(compression));
		this.compression = compression;
	}

	/**
	 * Use the principal an {@code @OnHandshake} method returned, if any.
	 */
	@Override
	protected @Nullable Principal determineUser(ServerHttpRequest request, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		Object principal = attributes.remove(EndpointHandshakeInterceptor.PRINCIPAL);
		return (principal instanceof Principal returned) ? returned
				: super.determineUser(request, wsHandler, attributes);
	}

	@Override
	protected List<WebSocketExtension> filterRequestedExtensions(ServerHttpRequest request,
			List<WebSocketExtension> requestedExtensions, List<WebSocketExtension> supportedExtensions) {
		return this.compression ? super.filterRequestedExtensions(request, requestedExtensions, supportedExtensions)
				: List.of();
	}

	private static final class NoExtensionsUpgradeStrategy extends StandardWebSocketUpgradeStrategy {

		private final boolean compression;

		NoExtensionsUpgradeStrategy(boolean compression) {
			this.compression = compression;
		}

		@Override
		public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
				List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
				Map<String, Object> attrs) throws HandshakeFailureException {
			ServerHttpRequest upgraded = request;
			if (!this.compression && request instanceof ServletServerHttpRequest servletRequest
					&& servletRequest.getServletRequest().getHeader(EXTENSIONS) != null) {
				upgraded = new ServletServerHttpRequest(new WithoutExtensions(servletRequest.getServletRequest()));
			}
			super.upgrade(upgraded, response, selectedProtocol, selectedExtensions, user, wsHandler, attrs);
		}

	}

	private static final class WithoutExtensions extends HttpServletRequestWrapper {

		WithoutExtensions(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			names.removeIf(EXTENSIONS::equalsIgnoreCase);
			return Collections.enumeration(names);
		}

	}

}
