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

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A server under test: the bench app on the starter, with or without Actuator and a
 * Prometheus registry, or the hand-written baseline.
 *
 * @author wsboot
 */
enum Target {

	/** The bench app built on the starter, without Actuator or Micrometer's registries on its class path. */
	STARTER("starter", "dev.wsboot.bench.starter.StarterBenchApplication", "--ws.registry.type=redis", false),

	/**
	 * The same bench app with Actuator and a Prometheus registry: every meter, the
	 * observation of inbound messages, health and the websockets endpoint.
	 */
	OBSERVED("observed", "dev.wsboot.bench.starter.StarterBenchApplication", "--ws.registry.type=redis", true),

	/**
	 * The same bench app with a history in every room ({@code starter-bench-history.properties}):
	 * each broadcast is kept and carries its position. Its relay wraps the payload in a
	 * JSON object, {@code {"p":PAYLOAD}}, as a room with history takes JSON objects only; run
	 * the starter with {@code --starter-args="--bench.envelope=true"} to compare the same
	 * frames without history.
	 */
	HISTORY("history", "dev.wsboot.bench.starter.StarterBenchApplication", "--ws.registry.type=redis", false),

	/** The hand-written Spring handler. */
	BASELINE("baseline", "dev.wsboot.bench.baseline.BaselineApplication", "--bench.redis=true", false);

	/** The jars of Actuator and Micrometer's meters, by the start of their names. */
	private static final List<String> OBSERVABILITY_JARS = List.of("spring-boot-actuator", "spring-boot-health",
			"spring-boot-micrometer-", "spring-boot-starter-actuator", "spring-boot-starter-micrometer",
			"micrometer-core", "micrometer-jakarta9", "micrometer-registry-", "prometheus-metrics-");

	private final String label;

	private final String mainClass;

	private final String clusterArgument;

	private final boolean observed;

	Target(String label, String mainClass, String clusterArgument, boolean observed) {
		this.label = label;
		this.mainClass = mainClass;
		this.clusterArgument = clusterArgument;
		this.observed = observed;
	}

	/**
	 * The class path of the target's server: the load generator's, without the jars of
	 * Actuator and Micrometer's meters unless the target observes itself.
	 * @return the class path
	 */
	String classPath() {
		String full = System.getProperty("java.class.path");
		if (this.observed) {
			return full;
		}
		return Arrays.stream(full.split(File.pathSeparator)).filter((entry) -> {
			Path name = Path.of(entry).getFileName();
			return name == null || OBSERVABILITY_JARS.stream().noneMatch((jar) -> name.toString().startsWith(jar));
		}).collect(Collectors.joining(File.pathSeparator));
	}

	/**
	 * The application arguments the target always gets.
	 * @return the arguments
	 */
	List<String> arguments() {
		if (this == HISTORY) {
			return List.of("--spring.profiles.active=history");
		}
		return this.observed ? List.of("--spring.profiles.active=observed") : List.of();
	}

	String label() {
		return this.label;
	}

	String mainClass() {
		return this.mainClass;
	}

	/**
	 * The arguments that make the app a node of a cluster on a Redis server.
	 * @param redisPort the Redis server's port
	 * @return the arguments
	 */
	List<String> clusterArguments(int redisPort) {
		return List.of(this.clusterArgument, "--spring.data.redis.port=" + redisPort);
	}

	static List<Target> parse(String targets) {
		return java.util.Arrays.stream(targets.split(",")).map((name) -> valueOf(name.trim().toUpperCase())).toList();
	}

}
