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

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds {@code ws} to the info endpoint: the starter's version, the registry, the node
 * and the endpoints.
 *
 * @author wsboot
 * @since 0.1.0
 */
public class WsInfoContributor implements InfoContributor {

	private final ClusterView cluster;

	private final Supplier<? extends Collection<String>> endpoints;

	/**
	 * Create a contributor.
	 * @param cluster the cluster's view
	 * @param endpoints the endpoints' path patterns
	 */
	public WsInfoContributor(ClusterView cluster, Supplier<? extends Collection<String>> endpoints) {
		this.cluster = cluster;
		this.endpoints = endpoints;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> ws = new LinkedHashMap<>();
		ws.put("version", version());
		ws.put("registry", this.cluster.registryType());
		ws.put("node", this.cluster.nodeId());
		ws.put("endpoints", List.copyOf(this.endpoints.get()));
		builder.withDetail("ws", ws);
	}

	/**
	 * Return the starter's version, as the build wrote it.
	 * @return the version, or {@code unknown}
	 */
	public static String version() {
		try (InputStream in = WsInfoContributor.class.getResourceAsStream("/dev/wsboot/version.properties")) {
			if (in == null) {
				return "unknown";
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
