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

package dev.wsboot.bench.baseline;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

import dev.wsboot.bench.ServerStatsController;

/**
 * The hand-written baseline, configured by {@code baseline-bench.properties}. The
 * starter's auto-configuration is switched off there, so nothing of the starter runs.
 *
 * @author wsboot
 */
@SpringBootApplication
@Import(ServerStatsController.class)
public class BaselineApplication {

	/**
	 * Start the baseline. Arguments are Spring Boot properties, such as
	 * {@code --server.port=8080} or {@code --bench.redis=true}.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		new SpringApplicationBuilder(BaselineApplication.class).properties("spring.config.name=baseline-bench")
			.run(args);
	}

}
