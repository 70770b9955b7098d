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

import dev.wsboot.test.RawHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-site WebSocket hijacking: only the same origin, listed origin patterns and
 * clients that send no Origin may upgrade; everything else gets 403 and no upgrade. This
 * context also turns compression on.
 */
@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.allowed-origins=https://*.example.com", "ws.protocol.permessage-deflate=true" })
class OriginIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	SecureEndpoint secure;

	@Test
	void aCrossSiteHandshakeIsRefusedBeforeAnyUserCodeRuns() throws Exception {
		int before = this.secure.handshakes.get();
		assertThat(RawHandshake.send(this.port, "/secure/x?token=t-ada", "Origin: https://evil.test"))
			.startsWith("HTTP/1.1 403");
		assertThat(this.secure.handshakes).as("@OnHandshake calls").hasValue(before);
		assertThat(RawHandshake.send(this.port, "/secure/x?token=t-ada", "Origin: https://chat.example.com"))
			.startsWith("HTTP/1.1 101");
		assertThat(this.secure.handshakes).hasValue(before + 1);
	}

	@Test
	void permessageDeflateIsNegotiatedWhenEnabled() throws Exception {
		assertThat(RawHandshake.send(this.port, "/rooms/o?user=x", "Sec-WebSocket-Extensions: permessage-deflate"))
			.startsWith("HTTP/1.1 101")
			.contains("permessage-deflate");
	}

	@Test
	void aDeflatedMessageIsHeldToTheLimitAfterInflation() throws Exception {
		byte[] zeros = new byte[70_000];
		java.util.Arrays.fill(zeros, (byte) '0');
		java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION, true);
		deflater.setInput(zeros);
		byte[] buffer = new byte[4096];
		int length = deflater.deflate(buffer, 0, buffer.length, java.util.zip.Deflater.SYNC_FLUSH);
		deflater.end();
		byte[] compressed = java.util.Arrays.copyOf(buffer, length - 4);
		assertThat(compressed.length).isLessThan(1024);
		try (dev.wsboot.test.RawFrames raw = dev.wsboot.test.RawFrames.open(this.port, "/rooms/bomb?user=x",
				"Sec-WebSocket-Extensions: permessage-deflate")) {
			raw.frame(true, 4, 0x1, compressed);
			assertThat(raw.awaitClose(2000)).isEqualTo(1009);
		}
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "'', 101", "https://evil.example, 403", "null, 403", "https://chat.example.com, 101",
			"https://example.com.evil.net, 403", "http://chat.example.com, 403", "SAME, 101",
			"http://localhost:1, 403" })
	void onlyAllowedOriginsUpgrade(String origin, int status) throws Exception {
		String header = origin.equals("SAME") ? "Origin: http://localhost:" + this.port : "Origin: " + origin;
		String response = origin.isEmpty() ? RawHandshake.send(this.port, "/rooms/o?user=x")
				: RawHandshake.send(this.port, "/rooms/o?user=x", header);
		assertThat(response).startsWith("HTTP/1.1 " + status);
		if (status == 403) {
			assertThat(response).doesNotContain("Sec-WebSocket-Accept");
		}
	}

	/**
	 * Behind a proxy, same-origin is judged on the forwarded host only when the
	 * application trusts forwarded headers.
	 */
	@org.junit.jupiter.api.Nested
	@SpringBootTest(classes = TestEndpointsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "server.forward-headers-strategy=framework")
	class BehindAProxy {

		@LocalServerPort
		int proxiedPort;

		@Test
		void theForwardedHostIsTheSameOriginWhenForwardedHeadersAreTrusted() throws Exception {
			assertThat(RawHandshake.send(this.proxiedPort, "/rooms/o?user=x", "Origin: https://chat.internal",
					"X-Forwarded-Host: chat.internal", "X-Forwarded-Proto: https", "X-Forwarded-Port: 443"))
				.startsWith("HTTP/1.1 101");
		}

	}

	@Test
	void forwardedHeadersAreIgnoredUnlessTrusted() throws Exception {
		assertThat(RawHandshake.send(this.port, "/rooms/o?user=x", "Origin: https://chat.internal",
				"X-Forwarded-Host: chat.internal", "X-Forwarded-Proto: https", "X-Forwarded-Port: 443"))
			.startsWith("HTTP/1.1 403");
	}

}
