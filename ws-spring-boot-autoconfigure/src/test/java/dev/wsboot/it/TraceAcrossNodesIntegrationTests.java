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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.wsboot.test.WsCluster;
import dev.wsboot.test.WsTestConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A trace started by an inbound message on one node continues on the node that delivers
 * its broadcast: the trace context travels in the cluster message (Brave, W3C
 * propagation, through Spring Boot's tracing auto-configuration).
 */
class TraceAcrossNodesIntegrationTests {

	/** Nodes in this JVM, on the published harness's Redis: the test reads their spans. */
	@RegisterExtension
	static final WsCluster cluster = WsCluster.of(TracedApplication.class)
		.properties("ws.registry.redis.key-prefix=traced:", "management.tracing.sampling.probability=1.0");

	@Test
	void aBroadcastContinuesItsTraceOnTheNodeThatDeliversIt() {
		try (WsCluster.InProcessNode a = cluster.startInProcess();
				WsCluster.InProcessNode b = cluster.startInProcess();
				WsTestConnection ada = a.client().connect("/rooms/traced?user=ada");
				WsTestConnection bob = b.client().connect("/rooms/traced?user=bob")) {
			ada.awaitType("welcome");
			bob.awaitType("welcome");
			ada.sendEnvelope("say", Map.of("text", "follow me"), null);
			bob.awaitJson((message) -> message.path("data").toString().contains("follow me"), "the broadcast");
			Spans spansA = a.context().getBean(Spans.class);
			Spans spansB = b.context().getBean(Spans.class);
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(spansA.named("ws say")).isNotNull();
				assertThat(spansA.named("ws publish room")).isNotNull();
				assertThat(spansB.named("ws deliver room")).isNotNull();
			});
			Spans.Span say = spansA.named("ws say");
			Spans.Span publish = spansA.named("ws publish room");
			Spans.Span deliver = spansB.named("ws deliver room");
			assertThat(publish.traceId()).isEqualTo(say.traceId());
			assertThat(publish.parentId()).isEqualTo(say.spanId());
			assertThat(deliver.traceId()).as("the trace continues on node B").isEqualTo(say.traceId());
			assertThat(deliver.parentId()).isEqualTo(publish.spanId());
			assertThat(deliver.tags()).containsEntry("kind", "room");
		}
	}

	@SpringBootConfiguration
	@Import(TestEndpointsApplication.class)
	static class TracedApplication {

		@Bean
		Spans spans() {
			return new Spans();
		}

	}

	/** The spans a node finished. */
	static class Spans extends SpanHandler {

		private final List<Span> spans = new CopyOnWriteArrayList<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			this.spans.add(new Span(span.name(), context.traceIdString(), context.spanIdString(),
					context.parentIdString(), Map.copyOf(span.tags())));
			return true;
		}

		@Nullable Span named(String name) {
			return this.spans.stream().filter((span) -> name.equals(span.name())).findFirst().orElse(null);
		}

		record Span(@Nullable String name, String traceId, String spanId, @Nullable String parentId,
				Map<String, String> tags) {
		}

	}

}
