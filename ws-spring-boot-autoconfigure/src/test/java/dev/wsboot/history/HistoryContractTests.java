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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.Event;
import dev.wsboot.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * What rooms with history promise, the same for every registry: positions on join and on
 * every message, recovery of a gap on reconnect (to the other node where there are two),
 * all or nothing, with no gap and no duplicate while the room is busy, expiry, and bad
 * positions answered with an error and never a replay.
 */
abstract class HistoryContractTests {

	/** The address of a node, 0 or 1 (the same node where there is one). */
	abstract String uri(int node, String pathAndQuery);

	/** The messenger of a node. */
	abstract WebSocketMessenger messenger(int node);

	/**
	 * Wait until a room's broadcasts reach as many nodes: a plain join, as in a room
	 * without history, does not wait for its node to receive the room.
	 */
	void awaitReceivingNodes(String room, int nodes) {
	}

	static String room(String prefix) {
		return prefix + ":" + Long.toString(System.nanoTime(), 36);
	}

	WsTestConnection connect(int node, String room, HistoryPosition... positions) {
		StringBuilder query = new StringBuilder();
		for (HistoryPosition position : positions) {
			query.append((query.length() == 0) ? '?' : '&').append("recover=").append(recover(room, position));
		}
		return WsTestConnection.connect(uri(node, "/history/" + room + query));
	}

	static String recover(String room, HistoryPosition position) {
		return URLEncoder.encode(room + ":" + position.epoch() + ":" + position.offset(), StandardCharsets.UTF_8);
	}

	static HistoryPosition position(JsonNode frame) {
		return new HistoryPosition(frame.path("epoch").asString(), frame.path("offset").asLong());
	}

	static JsonNode awaitPosition(WsTestConnection client) {
		return client.awaitType("position");
	}

	static JsonNode awaitMessage(WsTestConnection client, long offset) {
		return client.awaitJson((json) -> "message".equals(json.path("type").asString(null))
				&& json.path("offset").asLong() == offset, "the message at offset " + offset);
	}

	void publish(int node, String room, int count) {
		for (int i = 0; i < count; i++) {
			messenger(node).sendToRoom(room, Event.of("message", Map.of("n", i)));
		}
	}

	@Test
	void aJoinTellsThePositionAndEveryMessageCarriesItsOwn() {
		String room = room("chat");
		try (WsTestConnection ada = connect(0, room); WsTestConnection bob = connect(1, room)) {
			JsonNode joined = awaitPosition(ada);
			assertThat(joined.path("room").asString()).isEqualTo(room);
			assertThat(joined.path("offset").asLong()).isZero();
			assertThat(joined.path("epoch").asString()).matches("[A-Za-z0-9]{1,32}");
			assertThat(joined.has("recovered")).isFalse();
			assertThat(position(awaitPosition(bob))).isEqualTo(position(joined));
			awaitReceivingNodes(room, 2);
			ada.sendEnvelope("say", Map.of("text", "first"), null);
			ada.sendEnvelope("say", Map.of("text", "second"), null);
			for (WsTestConnection client : List.of(ada, bob)) {
				JsonNode first = awaitMessage(client, 1);
				assertThat(first.path("data").path("text").asString()).isEqualTo("first");
				assertThat(first.path("room").asString()).isEqualTo(room);
				assertThat(first.path("epoch").asString()).isEqualTo(joined.path("epoch").asString());
				assertThat(awaitMessage(client, 2).path("data").path("text").asString()).isEqualTo("second");
			}
		}
	}

	@Test
	void aClientThatComesBackRecoversWhatItMissedInOrder() {
		String room = room("chat");
		HistoryPosition last;
		try (WsTestConnection ada = connect(0, room)) {
			awaitPosition(ada);
			publish(0, room, 3);
			last = position(awaitMessage(ada, 3));
		}
		publish(0, room, 7);
		try (WsTestConnection back = connect(1, room, last)) {
			for (long offset = 4; offset <= 10; offset++) {
				JsonNode message = awaitMessage(back, offset);
				assertThat(message.path("data").path("n").asInt()).isEqualTo((int) offset - 4);
			}
			JsonNode recovered = awaitPosition(back);
			assertThat(recovered.path("recovered").asBoolean()).isTrue();
			assertThat(recovered.path("offset").asLong()).isEqualTo(10);
			publish(1, room, 1);
			awaitMessage(back, 11);
			back.expectNothingFor(Duration.ofMillis(200));
		}
	}

	@Test
	void nothingIsReplayedToAConnectionThatOnConnectRefusesAfterItsJoin() {
		String room = room("chat");
		HistoryPosition start;
		try (WsTestConnection ada = connect(0, room)) {
			start = position(awaitPosition(ada));
		}
		publish(0, room, 3);
		try (WsTestConnection refused = WsTestConnection
			.connect(uri(1, "/history/" + room + "?refuse=no&recover=" + recover(room, start)))) {
			assertThat(refused.awaitCloseStatus().code()).isEqualTo(1008);
			assertThat(refused.received()).noneMatch((received) -> received.json() != null
					&& "message".equals(received.json().path("type").asString(null)));
		}
		// accepted, the same position recovers
		try (WsTestConnection back = connect(1, room, start)) {
			awaitMessage(back, 3);
			assertThat(awaitPosition(back).path("recovered").asBoolean()).isTrue();
		}
	}

	@Test
	void aGapLongerThanTheHistoryOrTheReplayCapIsNotRecoveredAndNothingIsReplayed() {
		String small = room("small");
		String chat = room("chat");
		HistoryPosition smallAt;
		HistoryPosition chatAt;
		try (WsTestConnection ada = connect(0, small)) {
			smallAt = position(awaitPosition(ada));
		}
		try (WsTestConnection ada = connect(0, chat)) {
			chatAt = position(awaitPosition(ada));
		}
		publish(0, small, 6);
		publish(0, chat, 301);
		try (WsTestConnection back = connect(1, small, smallAt)) {
			JsonNode result = awaitPosition(back);
			assertThat(result.path("recovered").asBoolean()).isFalse();
			assertThat(result.path("offset").asLong()).isEqualTo(6);
			assertThat(back.received()).isEmpty();
		}
		try (WsTestConnection back = connect(1, chat, chatAt)) {
			JsonNode result = awaitPosition(back);
			assertThat(result.path("recovered").asBoolean()).isFalse();
			assertThat(result.path("offset").asLong()).isEqualTo(301);
			assertThat(back.received()).isEmpty();
		}
		// within the cap the same history is recovered
		try (WsTestConnection back = connect(1, chat, new HistoryPosition(chatAt.epoch(), 1))) {
			awaitMessage(back, 2);
			assertThat(awaitPosition(back).path("recovered").asBoolean()).isTrue();
		}
	}

	@Test
	void aBusyRoomIsRecoveredWithNoGapAndNoDuplicate() throws Exception {
		String room = room("chat");
		HistoryPosition last;
		try (WsTestConnection ada = connect(0, room)) {
			awaitPosition(ada);
			publish(0, room, 5);
			last = position(awaitMessage(ada, 5));
		}
		AtomicBoolean stop = new AtomicBoolean();
		AtomicBoolean recovering = new AtomicBoolean(true);
		AtomicInteger published = new AtomicInteger(5);
		// until the client has its position, the gap stays under the replay cap (300)
		CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
			while (!stop.get() && published.get() < 3_000) {
				if (recovering.get() && published.get() >= 255) {
					LockSupport.parkNanos(1_000_000);
					continue;
				}
				messenger(0).sendToRoom(room, Event.of("message", Map.of("n", published.get())));
				published.incrementAndGet();
				LockSupport.parkNanos(200_000);
			}
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> published.get() > 10);
		try (WsTestConnection back = connect(1, room, last)) {
			// the client came back while messages kept coming: let more come, then stop
			await().atMost(Duration.ofSeconds(20))
				.until(() -> back.received()
					.stream()
					.anyMatch((received) -> received.json() != null
							&& "position".equals(received.json().path("type").asString(null))));
			recovering.set(false);
			int positionedAt = published.get();
			await().atMost(Duration.ofSeconds(20)).until(() -> published.get() > positionedAt + 200);
			stop.set(true);
			publisher.get();
			long top = published.get();
			awaitMessage(back, top);
			List<Long> offsets = new ArrayList<>();
			Long recoveredAt = null;
			for (WsTestConnection.Received received : back.received()) {
				JsonNode frame = received.json();
				if ("position".equals(frame.path("type").asString(null))) {
					assertThat(frame.path("recovered").asBoolean()).isTrue();
					assertThat(recoveredAt).isNull();
					recoveredAt = frame.path("offset").asLong();
					// the replay ends where the position says
					assertThat(offsets).isNotEmpty().allMatch((offset) -> offset <= frame.path("offset").asLong());
					assertThat(offsets.get(offsets.size() - 1)).isEqualTo(frame.path("offset").asLong());
				}
				else {
					offsets.add(frame.path("offset").asLong());
				}
			}
			offsets.add(top);
			assertThat(recoveredAt).isNotNull();
			List<Long> expected = new ArrayList<>();
			for (long offset = 6; offset <= top; offset++) {
				expected.add(offset);
			}
			assertThat(offsets).containsExactlyElementsOf(expected);
		}
		finally {
			stop.set(true);
		}
	}

	@Test
	void expiredMessagesAreNotRecoveredButAPositionWithNothingMissedIs() {
		String room = room("brief");
		HistoryPosition start;
		HistoryPosition last;
		try (WsTestConnection ada = connect(0, room)) {
			start = position(awaitPosition(ada));
			publish(0, room, 3);
			last = position(awaitMessage(ada, 3));
		}
		// the ttl of brief:* is one second
		await().atMost(Duration.ofSeconds(10))
			.until(() -> messenger(1).history(room, 10, null).messages().isEmpty());
		try (WsTestConnection back = connect(1, room, start)) {
			JsonNode result = awaitPosition(back);
			assertThat(result.path("recovered").asBoolean()).isFalse();
			assertThat(result.path("offset").asLong()).isEqualTo(3);
			assertThat(back.received()).isEmpty();
		}
		try (WsTestConnection back = connect(1, room, last)) {
			assertThat(awaitPosition(back).path("recovered").asBoolean()).isTrue();
			assertThat(back.received()).isEmpty();
		}
	}

	@Test
	void badPositionsGetAnErrorFrameAndNeverAReplay() {
		String room = room("chat");
		HistoryPosition now;
		try (WsTestConnection ada = connect(0, room)) {
			awaitPosition(ada);
			publish(0, room, 4);
			now = position(awaitMessage(ada, 4));
		}
		String path = "/history/" + room + "?recover=";
		// malformed, a huge number, a negative offset, an epoch that is no epoch
		for (String bad : List.of("garbage", room + ":" + now.epoch() + ":99999999999999999999",
				room + ":" + now.epoch() + ":-1", room + ":not-an-epoch!:1", room + "::1", ":" + now.epoch() + ":1")) {
			try (WsTestConnection client = WsTestConnection
				.connect(uri(1, path + URLEncoder.encode(bad, StandardCharsets.UTF_8)))) {
				assertThat(client.awaitError("bad_request").path("message").asString()).contains("recovery");
				JsonNode joined = awaitPosition(client);
				assertThat(joined.has("recovered")).as(bad).isFalse();
				assertThat(client.received()).as(bad).isEmpty();
			}
		}
		// a position from the future: an error, not recovered, nothing replayed
		try (WsTestConnection client = connect(1, room, new HistoryPosition(now.epoch(), now.offset() + 100))) {
			assertThat(client.awaitError("bad_request").path("message").asString()).contains("ahead");
			assertThat(awaitPosition(client).path("recovered").asBoolean()).isFalse();
			assertThat(client.received()).isEmpty();
		}
		// the epoch of another room: not recovered, nothing replayed
		String other = room("chat");
		HistoryPosition otherEpoch;
		try (WsTestConnection bob = connect(0, other)) {
			otherEpoch = position(awaitPosition(bob));
		}
		try (WsTestConnection client = connect(1, room, new HistoryPosition(otherEpoch.epoch(), 1))) {
			assertThat(awaitPosition(client).path("recovered").asBoolean()).isFalse();
			assertThat(client.received()).isEmpty();
		}
		// more positions than a client may present: an error frame, and the first ones are still used
		StringBuilder many = new StringBuilder("/history/" + room + "?recover=" + recover(room, new HistoryPosition(now.epoch(), 2)));
		for (int i = 0; i < 150; i++) {
			many.append("&recover=").append(recover(room("x") + i, new HistoryPosition("e", 0)));
		}
		try (WsTestConnection client = WsTestConnection.connect(uri(1, many.toString()))) {
			assertThat(client.awaitError("bad_request").path("message").asString()).contains("Too many recovery positions");
			awaitMessage(client, 3);
			awaitMessage(client, 4);
			assertThat(awaitPosition(client).path("recovered").asBoolean()).isTrue();
		}
		// thousands of positions do not fit in a request line: the container refuses the
		// handshake (HTTP 400), and the node goes on serving
		StringBuilder thousands = new StringBuilder("/history/" + room + "?recover=x");
		for (int i = 0; i < 2_000; i++) {
			thousands.append("&recover=").append(recover(room("x") + i, new HistoryPosition("e", 0)));
		}
		assertThat(WsTestConnection.connectFailure(uri(1, thousands.toString()), Map.of())).isNotNull();
		// after all that, a normal recovery
		try (WsTestConnection client = connect(1, room, new HistoryPosition(now.epoch(), 3))) {
			awaitMessage(client, 4);
			assertThat(awaitPosition(client).path("recovered").asBoolean()).isTrue();
		}
	}

	@Test
	void theMessengerReadsTheLatestMessagesAndThoseAfterAPosition() {
		String room = room("chat");
		assertThat(messenger(0).history(room("plain"), 10, null)).isNull();
		RoomHistory unused = messenger(0).history(room, 10, null);
		assertThat(unused.position()).as("a room nobody used has no position yet").isNull();
		assertThat(unused.messages()).isEmpty();
		publish(0, room, 12);
		HistoryPosition start = messenger(0).history(room, 10, null).position();
		RoomHistory latest = messenger(1).history(room, 3, null);
		assertThat(latest.messages()).extracting(HistoryMessage::offset).containsExactly(10L, 11L, 12L);
		assertThat(latest.messages().get(0).text()).contains("\"n\":9").doesNotContain("offset");
		assertThat(latest.position()).isEqualTo(new HistoryPosition(start.epoch(), 12));
		RoomHistory after = messenger(1).history(room, 4, new HistoryPosition(start.epoch(), 5));
		assertThat(after.messages()).extracting(HistoryMessage::offset).containsExactly(6L, 7L, 8L, 9L);
		assertThat(after.complete()).isTrue();
		RoomHistory otherEpoch = messenger(1).history(room, 4, new HistoryPosition("other", 5));
		assertThat(otherEpoch.messages()).isEmpty();
		assertThat(otherEpoch.complete()).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> messenger(0).history(room, 0, null));
		assertThatIllegalArgumentException().isThrownBy(() -> messenger(0).history(room, 10_001, null));
	}

	/**
	 * Hook: assert that no history is stored for rooms whose names start with a prefix.
	 * @param prefix the names' prefix
	 */
	abstract void assertNoHistoryStored(String prefix);

	@Test
	void readingRoomsByNameStartsNoHistoryAndEvictsNone() {
		String kept = room("chat");
		publish(0, kept, 3);
		// what an HTTP handler does for any name a client sends: more rooms than the
		// in-memory store keeps (ws.history.max-rooms), in names nobody joined
		String prefix = room("chat") + "-read-";
		for (int i = 0; i < 1_000; i++) {
			RoomHistory unknown = messenger(i % 2).history(prefix + i, 100, null);
			assertThat(unknown.position()).isNull();
			assertThat(unknown.messages()).isEmpty();
			assertThat(unknown.complete()).isTrue();
			RoomHistory since = messenger(i % 2).history(prefix + i, 100, new HistoryPosition("gone", 7));
			assertThat(since.position()).isNull();
			assertThat(since.complete()).as("a position of a history that is gone").isFalse();
		}
		assertNoHistoryStored(prefix);
		RoomHistory history = messenger(1).history(kept, 10, null);
		assertThat(history.messages()).extracting(HistoryMessage::offset).containsExactly(1L, 2L, 3L);
		// a join starts the history, and the read shows it
		String joined = prefix + "joined";
		try (WsTestConnection client = connect(0, joined)) {
			HistoryPosition position = position(awaitPosition(client));
			assertThat(messenger(1).history(joined, 10, null).position()).isEqualTo(position);
		}
	}

	@Test
	void aRoomWithHistoryTakesJsonObjectsOnly() {
		String room = room("chat");
		assertThatIllegalArgumentException().isThrownBy(() -> messenger(0).sendToRoom(room, "plain text"))
			.withMessageContaining("keeps a history");
		assertThatIllegalArgumentException().isThrownBy(() -> messenger(0).sendToRoom(room, List.of(1, 2)));
		assertThatIllegalArgumentException().isThrownBy(() -> messenger(0).sendToRoom(room, new byte[] { 1 }));
		messenger(0).sendToRoom(room, Map.of());
		assertThat(messenger(0).history(room, 10, null).messages()).extracting(HistoryMessage::text)
			.containsExactly("{}");
		// a room without history takes anything, as before
		messenger(0).sendToRoom(room("plain"), "plain text");
	}

}
