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

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wsboot.connection.Connection;
import dev.wsboot.protocol.PayloadCodec;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.LostConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * A closed {@link Connection} rebuilt from what the registry recorded of it, handed to
 * {@code @OnDisconnect} when another node's connection is swept after that node was lost.
 * It is never open: sends to it are dropped, it cannot join rooms, and its broadcasts
 * still reach the rooms' remaining members.
 *
 * @author wsboot
 * @since 0.1.0
 */
public final class DetachedConnection implements Connection {

	private final LostConnection lost;

	private final ConnectionRegistry registry;

	private final PayloadCodec codec;

	private final Instant noticedAt = Instant.now();

	private final Map<String, Object> attributes = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * Create a detached connection.
	 * @param lost what the registry recorded of the connection
	 * @param registry the registry, for broadcasts to its former rooms
	 * @param codec the codec encoding payloads
	 */
	public DetachedConnection(LostConnection lost, ConnectionRegistry registry, PayloadCodec codec) {
		this.lost = lost;
		this.registry = registry;
		this.codec = codec;
	}

	@Override
	public String id() {
		return this.lost.connectionId();
	}

	@Override
	public Map<String, String> pathVariables() {
		return this.lost.pathVariables();
	}

	@Override
	public @Nullable String pathVariable(String name) {
		return this.lost.pathVariables().get(name);
	}

	@Override
	public Map<String, List<String>> queryParameters() {
		return this.lost.queryParameters();
	}

	@Override
	public @Nullable String queryParameter(String name) {
		List<String> values = this.lost.queryParameters().get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	/**
	 * Return {@code null}: the principal stayed on the lost node.
	 * @return {@code null}
	 */
	@Override
	public @Nullable Principal principal() {
		return null;
	}

	@Override
	public @Nullable String user() {
		return this.lost.user();
	}

	@Override
	public void setUser(@Nullable String user) {
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	/**
	 * Return when the loss was noticed; the connect time stayed on the lost node.
	 * @return when the loss was noticed
	 */
	@Override
	public Instant connectedAt() {
		return this.noticedAt;
	}

	@Override
	public Instant lastActiveAt() {
		return this.noticedAt;
	}

	@Override
	public @Nullable InetSocketAddress remoteAddress() {
		return null;
	}

	@Override
	public @Nullable String userAgent() {
		return null;
	}

	@Override
	public Set<String> rooms() {
		return this.lost.rooms();
	}

	@Override
	public boolean isOpen() {
		return false;
	}

	@Override
	public void send(Object payload) {
	}

	@Override
	public boolean join(String room) {
		return false;
	}

	@Override
	public boolean leave(String room) {
		return false;
	}

	@Override
	public void broadcast(String room, Object payload) {
		this.registry.sendToRoom(room, this.codec.encode(payload), Set.of(id()));
	}

	@Override
	public void sendToRoom(String room, Object payload) {
		broadcast(room, payload);
	}

	@Override
	public void close() {
	}

	@Override
	public void close(CloseStatus status) {
	}

	@Override
	public String toString() {
		return "Connection[" + id() + ", lost]";
	}

}
