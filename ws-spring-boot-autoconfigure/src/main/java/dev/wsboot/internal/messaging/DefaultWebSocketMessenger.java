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


package dev.wsboot.internal.messaging;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.wsboot.history.HistoryPosition;
import dev.wsboot.history.RoomHistory;
import dev.wsboot.messaging.WebSocketMessenger;
import dev.wsboot.protocol.PayloadCodec;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.Member;
import dev.wsboot.registry.MemberPage;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * {@link WebSocketMessenger} on a {@link ConnectionRegistry}: encodes each payload once
 * with the {@link PayloadCodec} and hands it to the registry.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class DefaultWebSocketMessenger implements WebSocketMessenger {

	private final ConnectionRegistry registry;

	private final PayloadCodec codec;

	/**
	 * Create a messenger.
	 * @param registry the connection registry
	 * @param codec the payload codec
	 */
	public DefaultWebSocketMessenger(ConnectionRegistry registry, PayloadCodec codec) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(codec, "'codec' must not be null");
		this.registry = registry;
		this.codec = codec;
	}

	@Override
	public boolean sendTo(String connectionId, Object payload) {
		return this.registry.sendToConnection(connectionId, this.codec.encode(payload));
	}

	@Override
	public void sendToRoom(String room, Object payload) {
		this.registry.sendToRoom(room, this.codec.encode(payload), Set.of());
	}

	@Override
	public void sendToRoom(String room, Object payload, Collection<String> excludedConnectionIds) {
		this.registry.sendToRoom(room, this.codec.encode(payload), excludedConnectionIds);
	}

	@Override
	public void sendToUser(String user, Object payload) {
		this.registry.sendToUser(user, this.codec.encode(payload));
	}

	@Override
	public void sendToAll(Object payload) {
		this.registry.sendToAll(this.codec.encode(payload));
	}

	@Override
	public boolean join(String connectionId, String room) {
		return this.registry.join(connectionId, room);
	}

	@Override
	public void setRoomLimit(String room, int maxConnections) {
		this.registry.setRoomLimit(room, maxConnections);
	}

	@Override
	public boolean leave(String connectionId, String room) {
		return this.registry.leave(connectionId, room);
	}

	@Override
	public boolean disconnect(String connectionId, CloseStatus status) {
		return this.registry.close(connectionId, status);
	}

	@Override
	public boolean isConnected(String connectionId) {
		return this.registry.isConnected(connectionId);
	}

	@Override
	public List<Member> members(String room) {
		return this.registry.members(room);
	}

	@Override
	public MemberPage members(String room, @Nullable String after, int limit) {
		return this.registry.members(room, after, limit);
	}

	@Override
	public int count(String room) {
		return this.registry.count(room);
	}

	@Override
	public @Nullable RoomHistory history(String room, int limit, @Nullable HistoryPosition since) {
		return this.registry.history(room, limit, since);
	}

	@Override
	public Set<String> rooms() {
		return this.registry.rooms();
	}

}
