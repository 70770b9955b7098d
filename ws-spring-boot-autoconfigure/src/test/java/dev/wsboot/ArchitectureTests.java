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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's architecture, checked on its compiled classes with ArchUnit: dependencies
 * between packages point one way, as in the design ({@code endpoint → connection →
 * registry ← messaging}, {@code protocol} used by all, nothing depends on
 * {@code autoconfigure}), the auto-configuration follows Spring Boot's conventions, no
 * static state is mutable, and every package is {@code @NullMarked}.
 */
class ArchitectureTests {

	/** The classes of this module: not those of the test module on the test class path. */
	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> !location.contains("/ws-spring-boot-test/")
				&& !location.contains("/ws-spring-boot-test-"))
		.importPackages("dev.wsboot");

	/** Which of the starter's packages each package may use, besides its own. */
	private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(Map.entry("annotation", Set.of()),
			Map.entry("protocol", Set.of()), Map.entry("history", Set.of()),
			Map.entry("registry", Set.of("history", "protocol")),
			Map.entry("registry.internal", Set.of("history", "protocol", "registry")),
			Map.entry("registry.memory", Set.of("history", "protocol", "registry", "registry.internal")),
			Map.entry("registry.redis", Set.of("history", "observation", "protocol", "registry", "registry.internal")),
			Map.entry("connection", Set.of("protocol", "registry")),
			Map.entry("messaging", Set.of("history", "protocol", "registry")),
			Map.entry("internal.connection",
					Set.of("connection", "history", "protocol", "registry", "registry.internal")),
			Map.entry("internal.endpoint",
					Set.of("annotation", "connection", "internal.connection", "internal.observability", "observation",
							"protocol", "registry", "registry.internal")),
			Map.entry("internal.observability", Set.of("protocol")), Map.entry("observation", Set.of()),
			Map.entry("actuate", Set.of("connection", "internal.connection", "internal.observability", "protocol",
					"registry", "registry.memory", "registry.redis")),
			Map.entry("internal.messaging", Set.of("history", "messaging", "protocol", "registry")),
			Map.entry("autoconfigure", Set.of("actuate", "connection", "history", "internal.connection", "internal.endpoint",
					"internal.observability", "observation",
					"internal.messaging", "messaging", "protocol", "registry", "registry.memory", "registry.redis")));

	@Test
	void everyClassIsInAKnownPackage() {
		assertThat(CLASSES).isNotEmpty();
		for (JavaClass type : CLASSES) {
			if (type.getSimpleName().equals("package-info")) {
				continue;
			}
			assertThat(ALLOWED).as(type.getName()).containsKey(packageOf(type));
		}
	}

	@Test
	void packagesDependOnEachOtherOneWay() {
		ALLOWED.forEach((pkg, allowed) -> {
			String[] forbidden = ALLOWED.keySet()
				.stream()
				.filter((other) -> !other.equals(pkg) && !allowed.contains(other))
				.map((other) -> "dev.wsboot." + other)
				.toArray(String[]::new);
			ArchRule rule = noClasses().that()
				.resideInAPackage("dev.wsboot." + pkg)
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(forbidden)
				.as("dev.wsboot." + pkg + " uses only " + allowed);
			rule.check(CLASSES);
		});
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("dev.wsboot.(**)").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void internalPackagesAreUsedByTheStarterOnly() {
		// internal packages serve the registries, the auto-configuration, the Actuator
		// support and each other
		noClasses().that()
			.resideOutsideOfPackages("dev.wsboot.registry..", "dev.wsboot.autoconfigure..", "dev.wsboot.actuate..",
					"dev.wsboot.internal..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..internal..")
			.check(CLASSES);
	}

	@Test
	void autoConfigurationsAreFinalPublicClassesInTheAutoconfigurePackageAndAllListed() throws IOException {
		classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.resideInAPackage("dev.wsboot.autoconfigure")
			.andShould()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL)
			.check(CLASSES);
		String imports;
		try (InputStream in = new ClassPathResource(
				"META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
			.getInputStream()) {
			imports = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<String> listed = imports.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
		List<String> annotated = CLASSES.stream()
			.filter((type) -> type.isAnnotatedWith(AutoConfiguration.class))
			.map(JavaClass::getName)
			.toList();
		assertThat(listed).containsExactlyInAnyOrderElementsOf(annotated);
	}

	@Test
	void beanMethodsAreNotPublicAndBeanPostProcessorsAreStatic() {
		methods().that()
			.areAnnotatedWith(Bean.class)
			.should()
			.notBePublic()
			.because("bean methods are package-private, as in Spring Boot's own auto-configurations")
			.check(CLASSES);
		methods().that()
			.areAnnotatedWith(Bean.class)
			.and()
			.haveRawReturnType(
					com.tngtech.archunit.base.DescribedPredicate.describe("a BeanPostProcessor or BeanFactoryPostProcessor",
							(JavaClass type) -> type.isAssignableTo(
									org.springframework.beans.factory.config.BeanPostProcessor.class)
									|| type.isAssignableTo(
											org.springframework.beans.factory.config.BeanFactoryPostProcessor.class)))
			.should()
			.beStatic()
			.allowEmptyShould(true)
			.check(CLASSES);
	}

	@Test
	void configurationPropertiesLiveInTheAutoconfigurePackageAndNothingElseUsesThem() {
		classes().that()
			.areAnnotatedWith(ConfigurationProperties.class)
			.should()
			.resideInAPackage("dev.wsboot.autoconfigure")
			.check(CLASSES);
		noClasses().that()
			.resideOutsideOfPackage("dev.wsboot.autoconfigure")
			.should()
			.dependOnClassesThat()
			.areAnnotatedWith(ConfigurationProperties.class)
			.check(CLASSES);
	}

	@Test
	void noStaticStateIsMutable() {
		fields().that()
			.areStatic()
			.should()
			.beFinal()
			.because("threads, pools and queues belong to the application context")
			.check(CLASSES);
	}

	@Test
	void everyPackageIsNullMarked() throws IOException {
		Path sources = Path.of("src/main/java/dev/wsboot");
		try (Stream<Path> directories = Files.walk(sources)) {
			for (Path directory : directories.filter(Files::isDirectory).filter((dir) -> !dir.equals(sources)).toList()) {
				Path info = directory.resolve("package-info.java");
				assertThat(info).exists();
				assertThat(Files.readString(info)).contains("@NullMarked");
			}
		}
	}

	private static String packageOf(JavaClass type) {
		return type.getPackageName().substring("dev.wsboot.".length());
	}

}
