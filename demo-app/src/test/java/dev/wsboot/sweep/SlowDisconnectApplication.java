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

package dev.wsboot.sweep;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.wsboot.annotation.OnConnect;
import dev.wsboot.annotation.OnDisconnect;
import dev.wsboot.annotation.PathParam;
import dev.wsboot.annotation.QueryParam;
import dev.wsboot.annotation.WebSocketEndpoint;
import dev.wsboot.connection.Connection;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A node that serves the demo's chat path with an {@code @OnDisconnect} that takes 10 ms,
 * as a database write does, and counts its calls per connection.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SlowDisconnectApplication.SlowChat.class)
public class SlowDisconnectApplication {

	/**
	 * The chat path, with a slow {@code @OnDisconnect}.
	 */
	@WebSocketEndpoint("/chat/{room}")
	public static class SlowChat {

		private final Map<String, Integer> disconnects = new ConcurrentHashMap<>();

		/**
		 * Return how many times {@code @OnDisconnect} ran for each connection id.
		 * @return the calls per connection
		 */
		public Map<String, Integer> disconnects() {
			return this.disconnects;
		}

		@OnConnect
		void connect(Connection connection, @PathParam String room, @QueryParam("user") String user) {
			connection.setUser(user);
			connection.join(room);
		}

		@OnDisconnect
		void disconnect(Connection connection) throws InterruptedException {
			Thread.sleep(10);
			this.disconnects.merge(connection.id(), 1, Integer::sum);
		}

	}

}
