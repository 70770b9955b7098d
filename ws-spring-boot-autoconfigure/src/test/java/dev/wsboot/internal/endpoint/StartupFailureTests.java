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

import dev.wsboot.annotation.OnConnect;
import dev.wsboot.annotation.OnDisconnect;
import dev.wsboot.annotation.OnError;
import dev.wsboot.annotation.OnHandshake;
import dev.wsboot.annotation.OnMessage;
import dev.wsboot.annotation.PathParam;
import dev.wsboot.annotation.QueryParam;
import dev.wsboot.annotation.WebSocketEndpoint;
import dev.wsboot.autoconfigure.WsAutoConfiguration;
import dev.wsboot.connection.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad declaration fails the startup with a message naming the method.
 */
class StartupFailureTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsAutoConfiguration.class));

	private void assertStartupFails(Class<?> endpoint, String... messageParts) {
		this.runner.withUserConfiguration(endpoint).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			Throwable root = failure;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			assertThat(root).isInstanceOf(IllegalStateException.class);
			for (String part : messageParts) {
				assertThat(root.getMessage()).contains(part);
			}
		});
	}

	@Test
	void validEndpointStarts() {
		this.runner.withUserConfiguration(Valid.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(WebSocketEndpointRegistrar.class).endpointPaths()).containsExactly("/valid/{room}");
			assertThat(context.getBeansOfType(HandlerMapping.class)).containsKey("webSocketHandlerMapping");
		});
	}

	@Test
	void twoEndpointsOnOnePathFail() {
		this.runner.withUserConfiguration(Valid.class, SamePath.class).run((context) -> {
			assertThat(context).hasFailed();
			Throwable root = context.getStartupFailure();
			while (root.getCause() != null) {
				root = root.getCause();
			}
			assertThat(root).hasMessageContaining("Two @WebSocketEndpoint beans serve path '/valid/{other}'")
				.hasMessageContaining("/valid/{room}");
		});
	}

	@Test
	void twoMethodsForOneRouteFail() {
		assertStartupFails(TwoForOneRoute.class, "declares @OnMessage(\"say\") twice", "TwoForOneRoute.say(String)",
				"TwoForOneRoute.sayAgain(String)");
	}

	@Test
	void twoDefaultRoutesFail() {
		assertStartupFails(TwoDefaultRoutes.class, "declares default @OnMessage twice");
	}

	@Test
	void twoOnConnectMethodsFail() {
		assertStartupFails(TwoOnConnect.class, "declares @OnConnect twice", "TwoOnConnect.a()", "TwoOnConnect.b()");
	}

	@Test
	void unsupportedParameterTypeFails() {
		assertStartupFails(UnsupportedParameter.class, "@OnConnect method", "UnsupportedParameter.open(Connection, String)",
				"parameter 1 (String) has an unsupported type");
	}

	@Test
	void closeStatusOutsideOnDisconnectFails() {
		assertStartupFails(CloseStatusOnMessage.class, "CloseStatusOnMessage.message(CloseStatus)",
				"unsupported type; @OnMessage methods accept");
	}

	@Test
	void undeclaredPathVariableFails() {
		assertStartupFails(UndeclaredPathVariable.class, "UndeclaredPathVariable.open(String)",
				"binds path variable 'rooom' but path '/p/{room}' declares [room]");
	}

	@Test
	void primitiveQueryParameterFails() {
		assertStartupFails(PrimitiveQueryParameter.class, "PrimitiveQueryParameter.open(int)", "use Integer");
	}

	@Test
	void twoPayloadParametersFail() {
		assertStartupFails(TwoPayloads.class, "TwoPayloads.message(String, String)", "second payload parameter");
	}

	@Test
	void routedBinaryHandlerFails() {
		assertStartupFails(RoutedBinary.class, "RoutedBinary.upload(byte[])", "binary payload, which has no route");
	}

	@Test
	void methodWithTwoKindsFails() {
		assertStartupFails(TwoKinds.class, "TwoKinds.both()", "both @OnConnect and @OnMessage");
	}

	@Test
	void pathWithoutLeadingSlashFails() {
		assertStartupFails(NoSlash.class, "NoSlash must declare a path starting with '/'");
	}

	@Test
	void throwableOutsideOnErrorFails() {
		assertStartupFails(ThrowableOnConnect.class, "ThrowableOnConnect.open(Exception)", "unsupported type");
	}

	@Test
	void handshakeMethodWithAnUnsupportedSignatureFails() {
		assertStartupFails(BadHandshakeParameter.class, "BadHandshakeParameter.check(String)",
				"must take no parameter or one Handshake");
		assertStartupFails(BadHandshakeReturn.class, "BadHandshakeReturn.check()", "must return void, boolean or a Principal");
	}

	@WebSocketEndpoint("/bad-handshake-parameter")
	static class BadHandshakeParameter {

		@OnHandshake
		void check(String token) {
		}

	}

	@WebSocketEndpoint("/bad-handshake-return")
	static class BadHandshakeReturn {

		@OnHandshake
		String check() {
			return "";
		}

	}

	@WebSocketEndpoint("/valid/{room}")
	static class Valid {

		@OnConnect
		void open(Connection connection, @PathParam String room, @QueryParam("user") String user) {
		}

		@OnMessage("say")
		String say(Connection connection, String text) {
			return text;
		}

		@OnMessage
		void other(String text) {
		}

		@OnMessage
		void binary(byte[] bytes) {
		}

		@OnDisconnect
		void close(Connection connection, CloseStatus status) {
		}

		@OnError
		void error(Throwable error) {
		}

		@OnError
		void illegal(IllegalStateException error) {
		}

	}

	@WebSocketEndpoint("/valid/{other}")
	static class SamePath {

	}

	@WebSocketEndpoint("/two")
	static class TwoForOneRoute {

		@OnMessage("say")
		void say(String text) {
		}

		@OnMessage("say")
		void sayAgain(String text) {
		}

	}

	@WebSocketEndpoint("/two-defaults")
	static class TwoDefaultRoutes {

		@OnMessage
		void a(String text) {
		}

		@OnMessage
		void b(String text) {
		}

	}

	@WebSocketEndpoint("/two-connect")
	static class TwoOnConnect {

		@OnConnect
		void a() {
		}

		@OnConnect
		void b() {
		}

	}

	@WebSocketEndpoint("/unsupported")
	static class UnsupportedParameter {

		@OnConnect
		void open(Connection connection, String text) {
		}

	}

	@WebSocketEndpoint("/close-status")
	static class CloseStatusOnMessage {

		@OnMessage
		void message(CloseStatus status) {
		}

	}

	@WebSocketEndpoint("/p/{room}")
	static class UndeclaredPathVariable {

		@OnConnect
		void open(@PathParam("rooom") String room) {
		}

	}

	@WebSocketEndpoint("/primitive")
	static class PrimitiveQueryParameter {

		@OnConnect
		void open(@QueryParam("n") int n) {
		}

	}

	@WebSocketEndpoint("/two-payloads")
	static class TwoPayloads {

		@OnMessage
		void message(String a, String b) {
		}

	}

	@WebSocketEndpoint("/routed-binary")
	static class RoutedBinary {

		@OnMessage("upload")
		void upload(byte[] bytes) {
		}

	}

	@WebSocketEndpoint("/two-kinds")
	static class TwoKinds {

		@OnConnect
		@OnMessage
		void both() {
		}

	}

	@WebSocketEndpoint("no-slash")
	static class NoSlash {

	}

	@WebSocketEndpoint("/throwable")
	static class ThrowableOnConnect {

		@OnConnect
		void open(Exception ex) {
		}

	}

}
