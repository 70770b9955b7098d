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

package dev.wsboot.bench.baseline;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The baseline's wiring: the handler on {@code /ws}, and with {@code bench.redis=true} a
 * Redis pub/sub relay on channels {@code room:ROOM}, delivered in order by one thread
 * (Spring's default listener executor starts a thread per message and reorders them).
 *
 * @author wsboot
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class BaselineWebSocketConfiguration implements WebSocketConfigurer {

	private final BaselineRoomHandler handler;

	BaselineWebSocketConfiguration(ObjectProvider<BaselineRoomHandler.RoomPublisher> publisher) {
		this.handler = new BaselineRoomHandler(publisher.getIfAvailable());
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(this.handler, "/ws");
	}

	@Bean
	BaselineRoomHandler baselineRoomHandler() {
		return this.handler;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bench.redis", havingValue = "true")
	static class RedisRelayConfiguration {

		@Bean
		BaselineRoomHandler.RoomPublisher roomPublisher(StringRedisTemplate redis) {
			return (room, text) -> redis.convertAndSend("room:" + room, text);
		}

		@Bean
		RedisMessageListenerContainer roomListenerContainer(RedisConnectionFactory connectionFactory,
				BaselineRoomHandler handler) {
			RedisMessageListenerContainer container = new RedisMessageListenerContainer();
			container.setConnectionFactory(connectionFactory);
			container.setTaskExecutor(new TaskExecutorAdapter(Executors.newSingleThreadExecutor()));
			container.addMessageListener((message, pattern) -> {
				String room = new String(message.getChannel(), StandardCharsets.UTF_8).substring("room:".length());
				handler.deliver(room, new TextMessage(new String(message.getBody(), StandardCharsets.UTF_8)));
			}, new PatternTopic("room:*"));
			return container;
		}

	}

}
