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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line description of the machine for the reports.
 *
 * @author wsboot
 */
final class Environment {

	private Environment() {
	}

	static String describe() {
		String cpu = "unknown CPU";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.findFirst()
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.orElse(cpu);
		}
		catch (IOException ex) {
			// keep the fallback
		}
		return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), Java "
				+ System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
				+ System.getProperty("os.version") + ", loopback, the load generator on the same cores";
	}

}
