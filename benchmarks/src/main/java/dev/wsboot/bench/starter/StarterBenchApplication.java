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

package dev.wsboot.bench.starter;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

import dev.wsboot.bench.ServerStatsController;

/**
 * The bench app built on the starter, configured by {@code starter-bench.properties}.
 *
 * @author wsboot
 */
@SpringBootApplication
@Import(ServerStatsController.class)
public class StarterBenchApplication {

	/**
	 * Start the app. Arguments are Spring Boot properties, such as
	 * {@code --server.port=8080} or {@code --ws.registry.type=redis}.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		new SpringApplicationBuilder(StarterBenchApplication.class).properties("spring.config.name=starter-bench")
			.run(args);
	}

}
