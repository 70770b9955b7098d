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

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.unit.DataSize;

/**
 * Sets the size of Tomcat's per-session WebSocket input and output buffers
 * ({@code ws.container.io-buffer-size}) before the embedded Tomcat starts: Tomcat reads it
 * once, from the system property {@value #PROPERTY}, when its WebSocket classes load. A
 * value already set, on the command line for example, is left alone, and so is
 * everything when {@code ws.enabled} or {@code ws.tomcat.tune-buffers} (formerly {@code ws.container.tune-buffers}) is false.
 *
 * @author wsboot
 */
final class WsContainerBuffersEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		boolean enabled = binder.bind("ws.enabled", Boolean.class).orElse(true)
				&& binder.bind("ws.tomcat.tune-buffers", Boolean.class)
					.orElseGet(() -> binder.bind("ws.container.tune-buffers", Boolean.class).orElse(true));
		if (!enabled || System.getProperty(PROPERTY) != null
				|| !isPresent("org.apache.tomcat.websocket.server.WsSci", application.getClassLoader())) {
			return;
		}
		DataSize size = WsProperties.Tomcat.checkedBufferSize("ws.tomcat.io-buffer-size",
				binder.bind("ws.tomcat.io-buffer-size", DataSize.class)
					.orElseGet(() -> binder.bind("ws.container.io-buffer-size", DataSize.class)
						.orElse(DataSize.ofKilobytes(1))));
		System.setProperty(PROPERTY, Long.toString(size.toBytes()));
	}

	private static boolean isPresent(String className, ClassLoader classLoader) {
		try {
			Class.forName(className, false, classLoader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
