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

package dev.wsboot.demo.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java example in docs/testing.md is code of this module's tests, as it is: so
 * the examples compile and run with the build, and the page cannot drift from them.
 */
class TestingGuideTests {

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	@Test
	void everyJavaExampleOfTheTestingGuideIsTestCodeOfTheDemo() throws IOException {
		String guide = Files.readString(Path.of("../docs/testing.md"));
		List<String> blocks = new ArrayList<>();
		Matcher matcher = JAVA_BLOCK.matcher(guide);
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
		List<String> sources = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				sources.add(normalized(Files.readString(file)));
			}
		}
		for (String block : blocks) {
			assertThat(sources).as("a test of the demo showing%n%s", block)
				.anySatisfy((source) -> assertThat(source).contains(normalized(block)));
		}
	}

	private static String normalized(String code) {
		return code.replaceAll("\\s+", " ").strip();
	}

}
