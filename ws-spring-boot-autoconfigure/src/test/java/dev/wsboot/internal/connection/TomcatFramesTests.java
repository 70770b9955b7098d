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

package dev.wsboot.internal.connection;

import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Tomcat the starter is built against has the send of encoded text frames, so a
 * broadcast is encoded once for all members; a Tomcat upgrade that removed it would fail
 * here rather than quietly encode per member again.
 */
class TomcatFramesTests {

	@Test
	void tomcatsSendOfEncodedFramesIsFound() {
		assertThat(TomcatFrames.isAvailable()).isTrue();
	}

	@Test
	void takesTheShortcutOnTomcatsWhoseMethodTakesATimeout() {
		int packagePrivate = 0;
		assertThat(TomcatFrames.takesTimeout("11.0.27.0", packagePrivate)).isTrue();
		assertThat(TomcatFrames.takesTimeout("11.0.0.0", packagePrivate)).isTrue();
		assertThat(TomcatFrames.takesTimeout("12.0.1.0", packagePrivate)).isTrue();
		assertThat(TomcatFrames.takesTimeout("10.1.24.0", packagePrivate)).isTrue();
		assertThat(TomcatFrames.takesTimeout("10.2.0.0", packagePrivate)).isTrue();
		assertThat(TomcatFrames.takesTimeout("9.0.89.0", packagePrivate)).isTrue();
	}

	@Test
	void fallsBackOnTomcatsWhoseMethodTakesAnExpiryTime() {
		int packagePrivate = 0;
		assertThat(TomcatFrames.takesTimeout("10.1.23.0", packagePrivate)).isFalse();
		assertThat(TomcatFrames.takesTimeout("10.0.27.0", packagePrivate)).isFalse();
		assertThat(TomcatFrames.takesTimeout("9.0.88.0", packagePrivate)).isFalse();
		assertThat(TomcatFrames.takesTimeout("8.5.100.0", packagePrivate)).isFalse();
	}

	@Test
	void fallsBackWhenTheMethodIsPrivateOrTheVersionUnknown() {
		assertThat(TomcatFrames.takesTimeout("11.0.27.0", Modifier.PRIVATE)).isFalse();
		assertThat(TomcatFrames.takesTimeout(null, 0)).isFalse();
		assertThat(TomcatFrames.takesTimeout("", 0)).isFalse();
		assertThat(TomcatFrames.takesTimeout("eleven", 0)).isFalse();
	}

}
