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

package dev.wsboot.history;

/**
 * A message kept in a room's history, as its members received it.
 *
 * @param offset the message's offset in its room
 * @param text the message as it was broadcast (a JSON object), without its position
 * @author wsboot
 * @since 0.1.0
 */
public record HistoryMessage(long offset, String text) {

}
