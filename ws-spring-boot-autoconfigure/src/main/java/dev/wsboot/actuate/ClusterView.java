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

package dev.wsboot.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wsboot.actuate.WebSocketsEndpoint.NodeDescriptor;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.memory.InMemoryConnectionRegistry;
import dev.wsboot.registry.redis.RedisConnectionRegistry;

/**
 * What the Actuator support shows of the cluster a node belongs to: the registry's type,
 * the node and the nodes.
 *
 * @author wsboot
 * @since 0.1.0
 */
public interface ClusterView {

	/**
	 * Return the registry's type.
	 * @return {@code memory}, {@code redis}, or the class of another registry
	 */
	String registryType();

	/**
	 * Return this node's id.
	 * @return the id, the prefix of this node's connection ids
	 */
	String nodeId();

	/**
	 * Return the nodes of the cluster with their connections.
	 * @return the nodes, this one included
	 */
	List<NodeDescriptor> nodes();

	/**
	 * Return the view of a registry of one node.
	 * @param registry the registry
	 * @return the view: this node only
	 */
	static ClusterView of(ConnectionRegistry registry) {
		String type = (registry instanceof InMemoryConnectionRegistry) ? "memory" : registry.getClass().getSimpleName();
		String node = (registry instanceof InMemoryConnectionRegistry memory) ? memory.nodeId() : "local";
		return new ClusterView() {

			@Override
			public String registryType() {
				return type;
			}

			@Override
			public String nodeId() {
				return node;
			}

			@Override
			public List<NodeDescriptor> nodes() {
				return List.of(new NodeDescriptor(node, registry.connectionCount(), true));
			}

		};
	}

	/**
	 * Return the view of a Redis cluster.
	 * @param registry the Redis registry
	 * @return the view: every node Redis knows
	 */
	static ClusterView ofRedis(RedisConnectionRegistry registry) {
		return new ClusterView() {

			@Override
			public String registryType() {
				return "redis";
			}

			@Override
			public String nodeId() {
				return registry.nodeId();
			}

			@Override
			public List<NodeDescriptor> nodes() {
				List<NodeDescriptor> nodes = new ArrayList<>();
				for (Map.Entry<String, Long> node : registry.nodeConnectionCounts().entrySet()) {
					nodes.add(new NodeDescriptor(node.getKey(), node.getValue(), node.getKey().equals(registry.nodeId())));
				}
				return nodes;
			}

		};
	}

}
