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

import java.util.ArrayList;
import java.util.List;

import dev.wsboot.history.HistoryLimits;
import dev.wsboot.history.HistorySettings;
import dev.wsboot.history.RoomHistoryPolicy;
import dev.wsboot.registry.ConnectionRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.PatternMatchUtils;

/**
 * The history rules of {@code ws.history.rooms}, checked when the application starts: a
 * rule without a pattern, a size or a TTL, or with one out of range, stops it with the
 * name of the property.
 *
 * @author wsboot
 */
final class HistoryRules implements RoomHistoryPolicy {

	private final List<String> patterns;

	private final List<HistorySettings> settings;

	private HistoryRules(List<String> patterns, List<HistorySettings> settings) {
		this.patterns = patterns;
		this.settings = settings;
	}

	static HistoryRules of(WsProperties.History history) {
		List<String> patterns = new ArrayList<>();
		List<HistorySettings> settings = new ArrayList<>();
		List<WsProperties.History.Rule> rules = history.getRooms();
		for (int i = 0; i < rules.size(); i++) {
			WsProperties.History.Rule rule = rules.get(i);
			String name = "ws.history.rooms[" + i + "]";
			String pattern = rule.getPattern();
			Integer size = rule.getSize();
			if (pattern == null || pattern.isBlank()) {
				throw new IllegalStateException(name + ".pattern is required: the room names the rule applies to");
			}
			if (size == null || rule.getTtl() == null) {
				throw new IllegalStateException(name + " ('" + pattern + "') needs both a size and a ttl: a history is "
						+ "bounded in messages and in time, for example size: 100 and ttl: 10m");
			}
			try {
				settings.add(new HistorySettings(size, rule.getTtl()));
			}
			catch (IllegalArgumentException ex) {
				// the message says it all: the property is what a user looks for first
				throw new IllegalStateException(name + " ('" + pattern + "'): " + ex.getMessage());
			}
			patterns.add(pattern);
		}
		return new HistoryRules(List.copyOf(patterns), List.copyOf(settings));
	}

	boolean isEmpty() {
		return this.patterns.isEmpty();
	}

	@Override
	public @Nullable HistorySettings historyFor(String room) {
		for (int i = 0; i < this.patterns.size(); i++) {
			if (PatternMatchUtils.simpleMatch(this.patterns.get(i), room)) {
				return this.settings.get(i);
			}
		}
		return null;
	}

	/**
	 * Give a registry the application's history policy, if it has one: a
	 * {@link RoomHistoryPolicy} bean, or else the rules of {@code ws.history.rooms}.
	 */
	static void configure(ConnectionRegistry registry, WsProperties properties,
			ObjectProvider<RoomHistoryPolicy> policies) {
		WsProperties.History history = properties.getHistory();
		HistoryLimits limits;
		try {
			limits = new HistoryLimits(history.getMaxReplay(), history.getPositionTtl(), history.getMaxRooms());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		RoomHistoryPolicy policy = policies.getIfAvailable();
		HistoryRules rules = of(history);
		if (policy == null && rules.isEmpty()) {
			return;
		}
		registry.setHistory((policy != null) ? policy : rules, limits);
	}

}
