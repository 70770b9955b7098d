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

package dev.wsboot.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads an observed server's {@code /actuator/prometheus} every five seconds while a run
 * lasts, as a Prometheus server would (more often than its default of 15 s), so that
 * the cost of rendering the meters is in the observed server's CPU.
 *
 * @author wsboot
 */
final class Scraper implements AutoCloseable {

	private static final HttpClient http = HttpClient.newHttpClient();

	private final ScheduledExecutorService executor;

	private final AtomicLong scrapes = new AtomicLong();

	private Scraper(ScheduledExecutorService executor) {
		this.executor = executor;
	}

	/**
	 * Start scraping a server if its target observes itself.
	 * @param target the target
	 * @param port the server's port
	 * @return the scraper, which does nothing for a target that does not observe itself
	 */
	static Scraper of(Target target, int port) {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "bench-scraper");
			thread.setDaemon(true);
			return thread;
		});
		Scraper scraper = new Scraper(executor);
		if (target == Target.OBSERVED) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
				.build();
			executor.scheduleAtFixedRate(() -> {
				try {
					HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() == 200 && response.body().contains("ws_connections")) {
						scraper.scrapes.incrementAndGet();
					}
				}
				catch (Exception ex) {
					// a missed scrape is a missed scrape
				}
			}, 5, 5, TimeUnit.SECONDS);
		}
		return scraper;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
		if (this.scrapes.get() > 0) {
			System.out.println("[observed] " + this.scrapes.get() + " scrapes of /actuator/prometheus");
		}
	}

}
