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


package dev.wsboot.registry;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A connection that left the cluster without a close on its own node, for example
 * because that node was killed, as last recorded in the registry.
 *
 * @param connectionId the connection id
 * @param endpoint the path pattern of its endpoint
 * @param pathVariables the values of the endpoint's path variables
 * @param queryParameters the query parameters of its URI
 * @param user its user, or {@code null}
 * @param rooms the rooms it was in
 * @param reason why it was lost, for example {@code node lost}
 * @author wsboot
 * @since 0.1.0
 */
public record LostConnection(String connectionId, String endpoint, Map<String, String> pathVariables,
		Map<String, List<String>> queryParameters, @Nullable String user, Set<String> rooms, String reason) {

}
