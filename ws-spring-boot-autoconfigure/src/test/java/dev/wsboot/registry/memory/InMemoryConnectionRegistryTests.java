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


package dev.wsboot.registry.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.wsboot.protocol.OutboundMessage;
import dev.wsboot.registry.InvalidNameException;
import dev.wsboot.registry.Member;
import dev.wsboot.registry.MemberPage;
import dev.wsboot.registry.MembershipLimits;
import dev.wsboot.registry.RegisteredConnection;
import dev.wsboot.registry.RoomLimitExceededException;
import dev.wsboot.registry.UserLimitExceededException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Membership and delivery of {@link InMemoryConnectionRegistry}, with recording
 * connections standing in for sessions.
 */
class InMemoryConnectionRegistryTests {

	private final InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry("node1");

	private Recording connect(@Nullable String user) {
		Recording connection = new Recording(this.registry.nextConnectionId(), user);
		this.registry.register(connection);
		return connection;
	}

	@Test
	void connectionIdsCarryTheNodeIdAndAreUnique() {
		String a = this.registry.nextConnectionId();
		String b = this.registry.nextConnectionId();
		assertThat(a).startsWith("node1-");
		assertThat(a).isNotEqualTo(b);
	}

	@Test
	void registeringAnIdTwiceFails() {
		Recording a = connect(null);
		assertThatIllegalStateException().isThrownBy(() -> this.registry.register(a));
	}

	@Test
	void roomBroadcastSharesOneEncodedMessageAndHonoursExclusions() {
		Recording a = connect("ada");
		Recording b = connect("bob");
		Recording c = connect("cy");
		this.registry.join(a.id(), "r");
		this.registry.join(b.id(), "r");
		this.registry.join(c.id(), "other");
		OutboundMessage message = OutboundMessage.text("hi");
		this.registry.sendToRoom("r", message, Set.of(b.id()));
		assertThat(a.received).containsExactly(message);
		assertThat(b.received).isEmpty();
		assertThat(c.received).isEmpty();
		this.registry.sendToRoom("r", message, Set.of());
		assertThat(a.received.get(1)).isSameAs(b.received.get(0));
	}

	@Test
	void joinAndLeaveReportChanges() {
		Recording a = connect(null);
		assertThat(this.registry.join(a.id(), "r")).isTrue();
		assertThat(this.registry.join(a.id(), "r")).isFalse();
		assertThat(this.registry.roomsOf(a.id())).containsExactly("r");
		assertThat(this.registry.members("r")).containsExactly(new Member(a.id(), null));
		assertThat(this.registry.leave(a.id(), "r")).isTrue();
		assertThat(this.registry.leave(a.id(), "r")).isFalse();
		assertThat(this.registry.rooms()).isEmpty();
		assertThat(this.registry.join("gone", "r")).isFalse();
	}

	@Test
	void unregisterLeavesEveryRoomAndUser() {
		Recording a = connect("ada");
		Recording b = connect("ada");
		this.registry.join(a.id(), "r1");
		this.registry.join(a.id(), "r2");
		this.registry.join(b.id(), "r1");
		assertThat(this.registry.unregister(a.id())).containsExactlyInAnyOrder("r1", "r2");
		assertThat(this.registry.rooms()).containsExactly("r1");
		assertThat(this.registry.members("r1")).extracting(Member::connectionId).containsExactly(b.id());
		this.registry.sendToUser("ada", OutboundMessage.text("x"));
		assertThat(a.received).isEmpty();
		assertThat(b.received).hasSize(1);
		assertThat(this.registry.isConnected(a.id())).isFalse();
		assertThat(this.registry.sendToConnection(a.id(), OutboundMessage.text("x"))).isFalse();
		assertThat(this.registry.unregister(a.id())).isEmpty();
	}

	@Test
	void userCanBeChanged() {
		Recording a = connect("ada");
		this.registry.setUser(a.id(), "lovelace");
		this.registry.sendToUser("ada", OutboundMessage.text("old"));
		this.registry.sendToUser("lovelace", OutboundMessage.text("new"));
		assertThat(a.received).extracting(OutboundMessage::text).containsExactly("new");
	}

	@Test
	void aFailingConnectionDoesNotStopTheBroadcast() {
		Recording a = connect(null);
		Recording failing = new Recording(this.registry.nextConnectionId(), null) {
			@Override
			public void deliver(OutboundMessage message) {
				throw new IllegalStateException("broken");
			}
		};
		this.registry.register(failing);
		Recording c = connect(null);
		for (Recording member : List.of(a, failing, c)) {
			this.registry.join(member.id(), "r");
		}
		this.registry.sendToRoom("r", OutboundMessage.text("x"), Set.of());
		assertThat(a.received).hasSize(1);
		assertThat(c.received).hasSize(1);
	}

	@Test
	void concurrentJoinsLeavesAndDisconnectsLeaveNoMembershipBehind() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> futures = new ArrayList<>();
			CountDownLatch start = new CountDownLatch(1);
			for (int t = 0; t < 8; t++) {
				futures.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < 2000; i++) {
						Recording connection = connect("u" + (i % 7));
						ThreadLocalRandom random = ThreadLocalRandom.current();
						for (int j = 0; j < 3; j++) {
							this.registry.join(connection.id(), "room" + random.nextInt(20));
						}
						this.registry.leave(connection.id(), "room" + random.nextInt(20));
						this.registry.sendToRoom("room" + random.nextInt(20), OutboundMessage.text("x"), Set.of());
						this.registry.unregister(connection.id());
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.registry.rooms()).isEmpty();
		assertThat(this.registry.connectionCount()).isZero();
		for (int u = 0; u < 7; u++) {
			Recording probe = connect("u" + u);
			this.registry.sendToUser("u" + u, OutboundMessage.text("probe"));
			assertThat(probe.received).hasSize(1);
			this.registry.unregister(probe.id());
		}
	}

	@Test
	void closeReachesTheConnection() {
		Recording a = connect(null);
		assertThat(this.registry.close(a.id(), CloseStatus.GOING_AWAY)).isTrue();
		assertThat(a.closedWith).isEqualTo(CloseStatus.GOING_AWAY);
		assertThat(this.registry.close("gone", CloseStatus.NORMAL)).isFalse();
	}

	@Test
	void membersComeInPagesInIdOrderEachMemberOnce() {
		int size = 20_000;
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			Recording member = connect("u" + i);
			this.registry.join(member.id(), "big");
			ids.add(member.id());
		}
		assertThat(this.registry.count("big")).isEqualTo(size);
		List<String> seen = new ArrayList<>();
		String after = null;
		int pages = 0;
		do {
			MemberPage page = this.registry.members("big", after, 1000);
			assertThat(page.members()).hasSizeLessThanOrEqualTo(1000);
			page.members().forEach((member) -> seen.add(member.connectionId()));
			after = page.next();
			pages++;
		}
		while (after != null);
		assertThat(pages).isEqualTo(20);
		assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
		MemberPage first = this.registry.members("big", null, 3);
		assertThat(first.members()).extracting(Member::user).doesNotContainNull();
		// a member who leaves between two pages is simply not on the next one
		this.registry.leave(first.members().get(0).connectionId(), "big");
		assertThat(this.registry.count("big")).isEqualTo(size - 1);
		assertThat(this.registry.members("big", first.next(), 2).members().get(0).connectionId())
			.isEqualTo(seen.get(3));
		assertThat(this.registry.members("nosuchroom", null, 10)).isEqualTo(new MemberPage(List.of(), null));
	}

	@Test
	void aPageQueryOutOfBoundsIsRefused() {
		for (int limit : new int[] { 0, -1, MemberPage.MAX_LIMIT + 1 }) {
			org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
				.isThrownBy(() -> this.registry.members("r", null, limit));
		}
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.registry.members("r", "x".repeat(MemberPage.MAX_CURSOR_LENGTH + 1), 10));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.registry.members("r", "a\nb", 10));
		org.assertj.core.api.Assertions.assertThatExceptionOfType(InvalidNameException.class)
			.isThrownBy(() -> this.registry.members(" ", null, 10));
	}

	static class Recording implements RegisteredConnection {

		private final String id;

		private final @Nullable String user;

		final List<OutboundMessage> received = new CopyOnWriteArrayList<>();

		volatile @Nullable CloseStatus closedWith;

		Recording(String id, @Nullable String user) {
			this.id = id;
			this.user = user;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public @Nullable String user() {
			return this.user;
		}

		@Override
		public void deliver(OutboundMessage message) {
			this.received.add(message);
		}

		@Override
		public void close(CloseStatus status) {
			this.closedWith = status;
		}

	}

}
