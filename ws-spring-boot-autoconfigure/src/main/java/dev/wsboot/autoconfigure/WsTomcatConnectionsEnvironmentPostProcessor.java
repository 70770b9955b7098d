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

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Raises Tomcat's connection cap ({@code server.tomcat.max-connections}, 8,192 by
 * default, counting every socket) to what the process's open-file limit allows, less a
 * reserve for the JVM's own files, unless the application sets it. Past Tomcat's cap, every
 * new socket, WebSocket or HTTP, waits in the accept queue without an answer; the
 * starter's own cap on WebSocket connections ({@code ws.limits.max-connections}) sits below it,
 * so that HTTP requests are still answered at any WebSocket load. The value is a default
 * in a property source of the lowest precedence, so anything the application sets wins.
 *
 * @author wsboot
 */
final class WsTomcatConnectionsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY = "server.tomcat.max-connections";

	static final String SOURCE = "wsTomcatConnections";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("ws.enabled", Boolean.class).orElse(true) || environment.containsProperty(PROPERTY)
				|| !ClassUtils.isPresent("org.apache.catalina.connector.Connector", application.getClassLoader())) {
			return;
		}
		int maxConnections = ConnectionCapacity.connectorMaxConnections(ConnectionCapacity.openFileLimit());
		if (maxConnections > 0) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(SOURCE, Map.of(PROPERTY, Integer.toString(maxConnections))));
		}
	}

}
