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

/**
 * Room history: which rooms keep their recent messages ({@link dev.wsboot.history.RoomHistoryPolicy}),
 * the position of a message in its room ({@link dev.wsboot.history.HistoryPosition}), and what a
 * query of a room's history returns ({@link dev.wsboot.history.RoomHistory}).
 */
@NullMarked
package dev.wsboot.history;

import org.jspecify.annotations.NullMarked;
