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

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.util.Assert;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the browser client, {@code /wsboot/wsboot.js} and its TypeScript declarations
 * {@code /wsboot/wsboot.d.ts}, from the starter's jar, cached for
 * {@code ws.client.cache-period} and revalidated by their last modification.
 *
 * @author wsboot
 */
final class WsClientResources implements WebMvcConfigurer {

	/** Where the client is served. */
	static final String PATH = "/wsboot/";

	private static final String LOCATION = "classpath:/dev/wsboot/client/";

	private final Duration cachePeriod;

	WsClientResources(Duration cachePeriod) {
		Assert.isTrue(!cachePeriod.isNegative(), () -> "ws.client.cache-period must not be negative, not " + cachePeriod);
		this.cachePeriod = cachePeriod;
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(PATH + "*")
			.addResourceLocations(LOCATION)
			.setCacheControl(CacheControl.maxAge(this.cachePeriod).cachePublic())
			.setUseLastModified(true)
			.resourceChain(true)
			.addResolver(new ClientFiles());
	}

	/** The client and its declarations; not the rest of the folder (its package.json). */
	private static final class ClientFiles extends PathResourceResolver {

		private static final Set<String> SERVED = Set.of("wsboot.js", "wsboot.d.ts");

		@Override
		protected @Nullable Resource getResource(String resourcePath, Resource location) throws IOException {
			return SERVED.contains(resourcePath) ? super.getResource(resourcePath, location) : null;
		}

	}

}
