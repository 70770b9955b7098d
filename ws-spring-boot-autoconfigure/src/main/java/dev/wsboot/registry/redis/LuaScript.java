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

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;

/**
 * A Lua script run by its SHA-1, loaded again when Redis does not know it (after a
 * restart). Scripts take every key from the prefix in their first argument, which suits
 * a single Redis (or a primary with replicas); Redis Cluster would need hash-tagged keys.
 *
 * @author wsboot
 */
final class LuaScript {

	private final byte[] source;

	private final String sha;

	private final ReturnType returnType;

	LuaScript(String source, ReturnType returnType) {
		this.source = source.getBytes(StandardCharsets.UTF_8);
		this.sha = sha1(this.source);
		this.returnType = returnType;
	}

	private static String sha1(byte[] bytes) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(bytes);
			StringBuilder hex = new StringBuilder();
			for (byte b : digest) {
				hex.append(String.format("%02x", b));
			}
			return hex.toString();
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Nullable Object run(RedisConnection connection, byte[]... args) {
		try {
			return connection.scriptingCommands().evalSha(this.sha, this.returnType, 0, args);
		}
		catch (RuntimeException ex) {
			if (!isNoScript(ex)) {
				throw ex;
			}
			return connection.scriptingCommands().eval(this.source, this.returnType, 0, args);
		}
	}

	/**
	 * Queue the script on a pipelined connection, by its SHA-1: {@link #load} it first.
	 * @param connection a connection with an open pipeline
	 * @param args the arguments
	 */
	void runPipelined(RedisConnection connection, byte[]... args) {
		connection.scriptingCommands().evalSha(this.sha, this.returnType, 0, args);
	}

	/**
	 * Load the script into Redis's script cache, as a pipeline that runs it by its SHA-1
	 * needs after a restart of Redis.
	 * @param connection a connection, not pipelined
	 */
	void load(RedisConnection connection) {
		connection.scriptingCommands().scriptLoad(this.source);
	}

	private static boolean isNoScript(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains("NOSCRIPT")) {
				return true;
			}
		}
		return false;
	}


}
