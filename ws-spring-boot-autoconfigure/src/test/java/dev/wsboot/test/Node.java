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


package dev.wsboot.test;

import java.util.ArrayList;
import java.util.List;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.registry.ConnectionRegistry;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One application node started in this JVM on a random port, for cluster tests.
 *
 * @param context the application context
 * @author wsboot
 */
public record Node(ConfigurableApplicationContext context) implements AutoCloseable {

	/**
	 * Start a node.
	 * @param application the application class
	 * @param redis the Redis the node shares with the others
	 * @param arguments further command-line arguments, such as {@code --ws.registry.redis.key-prefix=x:}
	 * @return the started node
	 */
	public static Node start(Class<?> application, RedisServer redis, String... arguments) {
		List<String> args = new ArrayList<>();
		args.add("--server.port=0");
		args.add("--ws.registry.type=redis");
		redis.properties().forEach((property) -> args.add("--" + property));
		args.addAll(List.of(arguments));
		return new Node(new SpringApplicationBuilder(application).run(args.toArray(String[]::new)));
	}

	/**
	 * Return the port the node serves on.
	 * @return the port
	 */
	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	/**
	 * Return the WebSocket URI of a path on this node.
	 * @param pathAndQuery the path and query, for example {@code /rooms/x?user=ada}
	 * @return the URI
	 */
	public String uri(String pathAndQuery) {
		return "ws://localhost:" + port() + pathAndQuery;
	}

	/**
	 * Return the node's messenger.
	 * @return the messenger
	 */
	public WebSocketMessenger messenger() {
		return this.context.getBean(WebSocketMessenger.class);
	}

	/**
	 * Return the node's registry.
	 * @return the registry
	 */
	public ConnectionRegistry registry() {
		return this.context.getBean(ConnectionRegistry.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
