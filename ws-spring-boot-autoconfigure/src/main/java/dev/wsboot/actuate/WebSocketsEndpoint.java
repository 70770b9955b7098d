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

package dev.wsboot.actuate;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.wsboot.connection.Connection;
import dev.wsboot.registry.ConnectionRegistry;
import dev.wsboot.registry.Member;
import dev.wsboot.registry.MemberPage;
import dev.wsboot.registry.RegisteredConnection;
import dev.wsboot.registry.RoomPage;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.web.socket.CloseStatus;

/**
 * The {@code websockets} Actuator endpoint: the node's endpoints, the cluster's rooms and
 * nodes, a room's members and one connection, each query paged or bounded; and, only
 * where access is granted ({@code management.endpoint.websockets.access=unrestricted}),
 * closing a connection wherever it is in the cluster.
 *
 * @author wsboot
 * @since 0.1.0
 */
@Endpoint(id = "websockets", defaultAccess = Access.READ_ONLY)
public class WebSocketsEndpoint {

	/** How many rooms or members a page of this endpoint holds. */
	public static final int PAGE_SIZE = 100;

	/** How an operator's close reaches the client. */
	public static final CloseStatus CLOSED_BY_OPERATOR = CloseStatus.POLICY_VIOLATION.withReason("closed by operator");

	private static final String ROOMS = "rooms";

	private static final String CONNECTIONS = "connections";

	private final ConnectionRegistry registry;

	private final Supplier<Map<String, Integer>> endpoints;

	private final ClusterView cluster;

	/**
	 * Create the endpoint.
	 * @param registry the connection registry
	 * @param endpoints the open connections of each WebSocket endpoint on this node
	 * @param cluster the cluster's nodes
	 */
	public WebSocketsEndpoint(ConnectionRegistry registry, Supplier<Map<String, Integer>> endpoints,
			ClusterView cluster) {
		this.registry = registry;
		this.endpoints = endpoints;
		this.cluster = cluster;
	}

	/**
	 * Describe the node's endpoints, a page of the cluster's rooms and its nodes.
	 * @param after the last room of the previous page, or {@code null} for the first
	 * @return the description
	 */
	@ReadOperation
	public WebSocketsDescriptor websockets(@Nullable String after) {
		RoomPage rooms = query(() -> this.registry.rooms(after, PAGE_SIZE));
		List<EndpointDescriptor> endpoints = new ArrayList<>();
		this.endpoints.get().forEach((path, connections) -> endpoints.add(new EndpointDescriptor(path, connections)));
		return new WebSocketsDescriptor(this.cluster.registryType(), this.cluster.nodeId(), endpoints, rooms.rooms(),
				rooms.next(), this.cluster.nodes());
	}

	/**
	 * Describe a room's members, a page at a time, or one connection.
	 * @param kind {@code rooms} or {@code connections}
	 * @param name the room's name or the connection's id
	 * @param after for a room, the last connection id of the previous page, or
	 * {@code null} for the first
	 * @return the room's members or the connection, or {@code null} (404) if there is no
	 * such room or connection
	 */
	@ReadOperation
	public @Nullable Object describe(@Selector String kind, @Selector String name, @Nullable String after) {
		if (ROOMS.equals(kind)) {
			MemberPage page = query(() -> this.registry.members(name, after, PAGE_SIZE));
			if (page.members().isEmpty() && after == null) {
				return null;
			}
			List<MemberDescriptor> members = new ArrayList<>();
			for (Member member : page.members()) {
				members.add(new MemberDescriptor(member.connectionId(), member.user(), nodeOf(member.connectionId())));
			}
			return new RoomDescriptor(name, members, page.next());
		}
		if (CONNECTIONS.equals(kind)) {
			return connection(name);
		}
		throw new InvalidEndpointRequestException("No such collection: use rooms or connections",
				"No such collection");
	}

	/**
	 * Close a connection, wherever it is in the cluster, with 1008 "closed by operator";
	 * its endpoint's {@code @OnDisconnect} runs once, on the node that held it.
	 * @param kind {@code connections}
	 * @param id the connection's id
	 * @return what was done, or 404 if no node holds the connection
	 */
	@DeleteOperation
	public WebEndpointResponse<ClosedDescriptor> close(@Selector String kind, @Selector String id) {
		if (!CONNECTIONS.equals(kind)) {
			throw new InvalidEndpointRequestException("Only connections can be closed", "Only connections can be closed");
		}
		checkId(id);
		if (!this.registry.isConnected(id) || !this.registry.close(id, CLOSED_BY_OPERATOR)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		return new WebEndpointResponse<>(new ClosedDescriptor(id, nodeOf(id), CLOSED_BY_OPERATOR.getCode(),
				String.valueOf(CLOSED_BY_OPERATOR.getReason())));
	}

	private @Nullable ConnectionDescriptor connection(String id) {
		checkId(id);
		RegisteredConnection local = this.registry.localConnection(id);
		if (local instanceof Connection connection) {
			InetSocketAddress address = connection.remoteAddress();
			return new ConnectionDescriptor(id, nodeOf(id), true, local.endpoint(), connection.user(),
					new TreeSet<>(connection.rooms()), connection.connectedAt(), connection.lastActiveAt(),
					(address != null) ? address.getHostString() : null);
		}
		if (!this.registry.isConnected(id)) {
			return null;
		}
		return new ConnectionDescriptor(id, nodeOf(id), false, null, null, new TreeSet<>(this.registry.roomsOf(id)),
				null, null, null);
	}

	private static void checkId(String id) {
		if (id.length() > MemberPage.MAX_CURSOR_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidEndpointRequestException("Not a connection id", "Not a connection id");
		}
	}

	private static <T> T query(Supplier<T> query) {
		try {
			return query.get();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(String.valueOf(ex.getMessage()), "Invalid query");
		}
	}

	/** The node of a connection id: the id up to its last dash. */
	private static String nodeOf(String connectionId) {
		int dash = connectionId.lastIndexOf('-');
		return (dash > 0) ? connectionId.substring(0, dash) : "";
	}

	/**
	 * The node's endpoints, a page of the cluster's rooms, and its nodes.
	 *
	 * @param registry the registry's type
	 * @param node the id of the node that answered
	 * @param endpoints the WebSocket endpoints of this node
	 * @param rooms a page of the rooms with members, with their numbers of members
	 * @param nextRooms the cursor of the next page of rooms ({@code ?after=}), or
	 * {@code null}
	 * @param nodes the nodes of the cluster
	 */
	public record WebSocketsDescriptor(String registry, String node, List<EndpointDescriptor> endpoints, List<RoomPage.Room> rooms,
			@Nullable String nextRooms, List<NodeDescriptor> nodes) {
	}

	/**
	 * A WebSocket endpoint of this node.
	 *
	 * @param path its path pattern
	 * @param connections its open connections on this node
	 */
	public record EndpointDescriptor(String path, int connections) {
	}

	/**
	 * A node of the cluster.
	 *
	 * @param id the node's id, the prefix of its connection ids
	 * @param connections its connections, as the registry knows them
	 * @param self whether it is the node that answered
	 */
	public record NodeDescriptor(String id, long connections, boolean self) {
	}

	/**
	 * A page of a room's members.
	 *
	 * @param room the room
	 * @param members the members of this page
	 * @param next the cursor of the next page ({@code ?after=}), or {@code null}
	 */
	public record RoomDescriptor(String room, List<MemberDescriptor> members, @Nullable String next) {
	}

	/**
	 * A member of a room.
	 *
	 * @param id the connection id
	 * @param user the user, or {@code null}
	 * @param node the node that holds the connection
	 */
	public record MemberDescriptor(String id, @Nullable String user, String node) {
	}

	/**
	 * One connection. A connection held by another node shows its node and rooms; ask
	 * that node's endpoint for the rest.
	 *
	 * @param id the connection id
	 * @param node the node that holds it
	 * @param local whether the node that answered holds it
	 * @param endpoint its endpoint's path pattern, if local
	 * @param user its user, if local
	 * @param rooms its rooms
	 * @param connectedAt when it connected, if local
	 * @param lastActiveAt when the client was last heard from, if local
	 * @param remoteAddress the client's address, if local
	 */
	public record ConnectionDescriptor(String id, String node, boolean local, @Nullable String endpoint,
			@Nullable String user, Set<String> rooms, @Nullable Instant connectedAt, @Nullable Instant lastActiveAt,
			@Nullable String remoteAddress) {
	}

	/**
	 * A connection closed by an operator.
	 *
	 * @param id the connection id
	 * @param node the node that held it
	 * @param code the close code sent
	 * @param reason the close reason sent
	 */
	public record ClosedDescriptor(String id, String node, int code, String reason) {
	}

}
