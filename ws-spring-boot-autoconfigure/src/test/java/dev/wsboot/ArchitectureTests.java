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


package dev.wsboot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependencies between the starter's packages point one way, as in the design:
 * {@code endpoint → connection → registry ← messaging}, {@code protocol} used by all, and
 * nothing imports {@code autoconfigure}. Every package is {@code @NullMarked}.
 */
class ArchitectureTests {

	private static final Path SOURCES = Path.of("src/main/java/dev/wsboot");

	private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.wsboot\\.([a-z.]+)\\.[A-Z]",
			Pattern.MULTILINE);

	private static final Map<String, Set<String>> ALLOWED = Map.of("annotation", Set.of(), "protocol", Set.of(),
			"registry", Set.of("protocol"), "registry.redis", Set.of("protocol", "registry"), "connection", Set.of("protocol", "registry"), "messaging",
			Set.of("protocol", "registry"), "endpoint", Set.of("annotation", "connection", "protocol", "registry"),
			"autoconfigure", Set.of("connection", "endpoint", "messaging", "protocol", "registry", "registry.redis"));

	@Test
	void packagesDependOnEachOtherOneWay() throws IOException {
		try (Stream<Path> files = Files.walk(SOURCES)) {
			List<Path> sources = files.filter((file) -> file.toString().endsWith(".java")).toList();
			assertThat(sources).isNotEmpty();
			for (Path source : sources) {
				String pkg = SOURCES.relativize(source.getParent()).toString().replace('/', '.');
				assertThat(ALLOWED).as("known package " + pkg).containsKey(pkg);
				Matcher matcher = IMPORT.matcher(Files.readString(source));
				while (matcher.find()) {
					String target = matcher.group(1);
					if (!target.equals(pkg)) {
						assertThat(ALLOWED.get(pkg)).as(source + " imports dev.wsboot." + target).contains(target);
					}
				}
			}
		}
	}

	@Test
	void everyPackageIsNullMarked() throws IOException {
		try (Stream<Path> directories = Files.walk(SOURCES)) {
			for (Path directory : directories.filter(Files::isDirectory).filter((dir) -> !dir.equals(SOURCES)).toList()) {
				Path info = directory.resolve("package-info.java");
				assertThat(info).exists();
				assertThat(Files.readString(info)).contains("@NullMarked");
			}
		}
	}

}
