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

import java.util.List;

/**
 * A server under test: the bench app on the starter, or the hand-written baseline.
 *
 * @author wsboot
 */
enum Target {

	/** The bench app built on the starter. */
	STARTER("starter", "dev.wsboot.bench.starter.StarterBenchApplication", "--ws.registry.type=redis"),

	/** The hand-written Spring handler. */
	BASELINE("baseline", "dev.wsboot.bench.baseline.BaselineApplication", "--bench.redis=true");

	private final String label;

	private final String mainClass;

	private final String clusterArgument;

	Target(String label, String mainClass, String clusterArgument) {
		this.label = label;
		this.mainClass = mainClass;
		this.clusterArgument = clusterArgument;
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
