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

import dev.wsboot.connection.Connection;
import dev.wsboot.registry.Member;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reflection hints a native image needs for an endpoint, found the way Spring AOT
 * finds them ({@code @Reflective} on the handler annotations): every handler method,
 * invoked; its class, introspected; the payload and reply types, for Jackson; and
 * nothing for the types the starter supplies.
 */
class EndpointRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	EndpointRuntimeHintsTests() {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, RoomEndpoint.class);
	}

	@Test
	void everyHandlerMethodIsInvocableAndItsClassIntrospected() {
		for (String method : new String[] { "connect", "say", "shout", "echo", "seq", "members", "later", "refused",
				"disconnect", "fallback", "binary" }) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RoomEndpoint.class, method))
				.as(method)
				.accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(RoomEndpoint.class)
			.withMemberCategory(MemberCategory.INTROSPECT_DECLARED_METHODS)).accepts(this.hints);
	}

	@Test
	void payloadAndReplyTypesAreRegisteredForBinding() {
		// a bound payload, a reply, a reply inside a collection, and one inside a CompletionStage
		assertThat(RuntimeHintsPredicates.reflection().onType(RoomEndpoint.Line.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RoomEndpoint.Line.class, "text"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(RoomEndpoint.Sequence.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(RoomEndpoint.Ack.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Member.class)).accepts(this.hints);
	}

	@Test
	void typesTheStarterSuppliesGetNoHints() {
		assertThat(RuntimeHintsPredicates.reflection().onType(Connection.class)).rejects(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(org.springframework.web.socket.CloseStatus.class))
			.rejects(this.hints);
	}

}
