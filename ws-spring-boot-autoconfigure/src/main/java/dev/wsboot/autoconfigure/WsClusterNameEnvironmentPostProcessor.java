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

package dev.wsboot.autoconfigure;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Names the application's WebSocket cluster ({@code ws.registry.redis.cluster}) when the
 * application does not: after {@code spring.application.name}, or else the main
 * application class, so that two applications pointed at one Redis are two clusters
 * unless they are told otherwise. The name is a default in a property source of the
 * lowest precedence, so anything the application sets wins, and it shows in
 * {@code /actuator/env} under {@value #SOURCE}.
 *
 * @author wsboot
 */
final class WsClusterNameEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY = "ws.registry.redis.cluster";

	static final String SOURCE = "wsClusterName";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty(PROPERTY)) {
			return;
		}
		Class<?> mainClass = application.getMainApplicationClass();
		String name = clusterName(environment.getProperty("spring.application.name"),
				(mainClass != null) ? mainClass.getName() : null);
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(PROPERTY, name)));
	}

	/**
	 * Return the cluster name of an application that does not set one.
	 * @param applicationName {@code spring.application.name}, or {@code null}
	 * @param mainClass the name of the main application class, or {@code null}
	 * @return the name: the first of the two that is set, with every character other than
	 * a letter, digit, '.', '_' or '-' replaced by '-', and past 64 characters its leading
	 * package names dropped, then its start; or
	 * {@code application} when neither is set
	 */
	static String clusterName(@Nullable String applicationName, @Nullable String mainClass) {
		String name = StringUtils.hasText(applicationName) ? applicationName.strip()
				: (StringUtils.hasText(mainClass) ? mainClass : "application");
		String safe = name.replaceAll("[^A-Za-z0-9._-]", "-");
		while (safe.length() > 64 && safe.indexOf('.') >= 0) {
			safe = safe.substring(safe.indexOf('.') + 1);
		}
		return (safe.length() > 64) ? safe.substring(safe.length() - 64) : safe;
	}

}
