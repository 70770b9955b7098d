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

package dev.wsboot.registry.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Access to Redis, and whether it answers. While Redis is known to be unreachable, an
 * operation fails at once instead of blocking its caller for the command timeout: only
 * the liveness refresh probes Redis, and the node's state is written again once it
 * answers. An outage is logged once at WARN, its end at INFO, and every failure counted.
 *
 * @author wsboot
 */
final class RedisAccess {

	private static final Log logger = LogFactory.getLog(RedisConnectionRegistry.class);

	private final RedisConnectionFactory connectionFactory;

	private final RedisTemplate<byte[], byte[]> template;

	private final AtomicBoolean down = new AtomicBoolean();

	private final AtomicLong failures = new AtomicLong();

	/** Whether Redis may have lost or missed this node's state since it was last written. */
	private volatile boolean stale;

	RedisAccess(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
		RedisTemplate<byte[], byte[]> template = new RedisTemplate<>();
		template.setConnectionFactory(connectionFactory);
		template.setEnableDefaultSerializer(false);
		template.setKeySerializer(RedisSerializer.byteArray());
		template.setValueSerializer(RedisSerializer.byteArray());
		// the scripts' callbacks use the connection as it is: no proxy per call
		template.setExposeConnection(true);
		template.afterPropertiesSet();
		this.template = template;
	}

	/**
	 * Return a template over byte arrays, for the registry's scripts.
	 * @return the template
	 */
	RedisTemplate<byte[], byte[]> template() {
		return this.template;
	}

	/**
	 * Run an operation that gets its own connection, unless Redis is known to be down.
	 * @param operation what the operation does, for the log
	 * @param action the operation
	 * @return its result, or {@code null} if it failed or was not tried
	 */
	<T> @Nullable T attempt(String operation, Supplier<@Nullable T> action) {
		if (this.down.get()) {
			this.failures.incrementAndGet();
			return null;
		}
		try {
			T result = action.get();
			up();
			return result;
		}
		catch (DataAccessException ex) {
			down(operation, ex);
			return null;
		}
	}

	/**
	 * Run an operation, unless Redis is known to be down.
	 * @param operation what the operation does, for the log
	 * @param action the operation
	 * @return its result, or {@code null} if it failed or was not tried
	 */
	<T> @Nullable T run(String operation, RedisAction<T> action) {
		if (this.down.get()) {
			this.failures.incrementAndGet();
			return null;
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			T result = action.run(connection);
			up();
			return result;
		}
		catch (DataAccessException ex) {
			down(operation, ex);
			return null;
		}
	}

	/**
	 * Return a connection of its own, for work that handles failures itself.
	 * @return a connection, to close after use
	 */
	RedisConnection connection() {
		return this.connectionFactory.getConnection();
	}

	/** Record that Redis answered. */
	void up() {
		if (this.down.compareAndSet(true, false)) {
			logger.info("Redis is reachable again; cross-node delivery resumes");
		}
	}

	/**
	 * Record a failure: Redis counts as down, and this node's state as stale.
	 * @param operation what failed
	 * @param ex the failure
	 */
	void down(String operation, RuntimeException ex) {
		this.failures.incrementAndGet();
		this.stale = true;
		if (this.down.compareAndSet(false, true)) {
			logger.warn("Redis is unreachable (" + operation + " failed: " + ex.getMessage()
					+ "); local delivery goes on, cross-node delivery and membership are paused. "
					+ "Further failures are not logged until Redis answers again.");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Redis " + operation + " failed: " + ex);
		}
	}

	boolean isDown() {
		return this.down.get();
	}

	long failureCount() {
		return this.failures.get();
	}

	/** Mark this node's state in Redis as needing to be written again. */
	void markStale() {
		this.stale = true;
	}

	/**
	 * Return whether this node's state needs to be written again, and clear the mark.
	 * @return whether it was stale
	 */
	boolean takeStale() {
		boolean result = this.stale;
		this.stale = false;
		return result;
	}

	/**
	 * An operation on a Redis connection.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface RedisAction<T> {

		@Nullable T run(RedisConnection connection);

	}

}
