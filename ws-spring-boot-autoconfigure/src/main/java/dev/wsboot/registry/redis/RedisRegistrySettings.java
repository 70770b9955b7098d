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

import java.time.Duration;

import dev.wsboot.registry.MembershipLimits;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Settings of a {@link RedisConnectionRegistry}.
 *
 * @param cluster the name of the cluster: nodes read only the cluster messages of their
 * own cluster
 * @param keyPrefix prefix of every key and channel, for example {@code ws:chat:}
 * @param nodeName name of this node, or {@code null} for none; the node id is the name
 * followed by a random incarnation, so a restarted node never takes over the ids of its
 * previous life
 * @param heartbeatInterval how often the node refreshes its liveness key and looks for
 * dead nodes to sweep
 * @param nodeTtl how long the liveness key lives without a refresh; a node silent for
 * longer is swept
 * @param failFast whether to fail the startup when Redis cannot be reached
 * @param limits the room limits, enforced cluster-wide
 * @param disconnectThreads how many threads run the lost-connection listener (the
 * endpoints' {@code @OnDisconnect}) for swept connections
 * @param signing how cluster messages are signed, or {@code null} to leave them unsigned
 * @author wsboot
 * @since 0.1.0
 */
public record RedisRegistrySettings(String cluster, String keyPrefix, @Nullable String nodeName,
		Duration heartbeatInterval, Duration nodeTtl, boolean failFast, MembershipLimits limits, int disconnectThreads,
		@Nullable Signing signing) {

	/**
	 * Create settings.
	 * @param cluster the name of the cluster
	 * @param keyPrefix prefix of every key and channel
	 * @param nodeName name of this node, or {@code null}
	 * @param heartbeatInterval how often the node refreshes its liveness key
	 * @param nodeTtl how long the liveness key lives without a refresh
	 * @param failFast whether to fail the startup when Redis cannot be reached
	 * @param limits the room limits
	 * @param disconnectThreads how many threads run the lost-connection listener
	 * @param signing how cluster messages are signed, or {@code null}
	 */
	public RedisRegistrySettings {
		Assert.isTrue(cluster.matches(CLUSTER_NAME),
				"'cluster' must be 1 to 64 letters, digits, '.', '_' or '-', not '" + cluster + "'");
		Assert.isTrue(disconnectThreads > 0, "'disconnectThreads' must be positive");
		Assert.hasText(keyPrefix, "'keyPrefix' must not be empty");
		Assert.isTrue(!heartbeatInterval.isNegative() && !heartbeatInterval.isZero(),
				"'heartbeatInterval' must be positive");
		Assert.isTrue(nodeTtl.compareTo(heartbeatInterval) > 0, "'nodeTtl' must be longer than 'heartbeatInterval'");
		Assert.isTrue(nodeName == null || nodeName.matches("[A-Za-z0-9_.]+"),
				"'nodeName' may contain letters, digits, '_' and '.' only");
	}

	/**
	 * What a cluster name may contain.
	 */
	public static final String CLUSTER_NAME = "[A-Za-z0-9._-]{1,64}";

	/**
	 * How cluster messages are signed.
	 *
	 * @param secret the shared secret, at least 32 bytes
	 * @param previousSecret a secret still accepted while nodes move to a new one, or
	 * {@code null}
	 * @param maxAge how old a signed message may be when it is read
	 */
	public record Signing(byte[] secret, byte @Nullable [] previousSecret, Duration maxAge) {

		/** The shortest secret accepted, in bytes. */
		public static final int MIN_SECRET_BYTES = 32;

		/**
		 * Create signing settings.
		 * @param secret the shared secret
		 * @param previousSecret a secret still accepted, or {@code null}
		 * @param maxAge how old a signed message may be
		 */
		public Signing {
			Assert.isTrue(secret.length >= MIN_SECRET_BYTES,
					"The secret must be at least " + MIN_SECRET_BYTES + " bytes, not " + secret.length);
			Assert.isTrue(previousSecret == null || previousSecret.length >= MIN_SECRET_BYTES,
					"The previous secret must be at least " + MIN_SECRET_BYTES + " bytes");
			Assert.isTrue(!maxAge.isNegative() && !maxAge.isZero(), "'maxAge' must be positive");
		}

	}

}
