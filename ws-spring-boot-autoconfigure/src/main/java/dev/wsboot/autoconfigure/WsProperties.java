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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsboot.registry.MembershipLimits;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the WebSocket rooms starter.
 *
 * @author wsboot
 * @since 0.1.0
 */
@ConfigurationProperties("ws")
public class WsProperties {

	/**
	 * Whether to serve the application's @WebSocketEndpoint beans.
	 */
	private boolean enabled = true;

	/**
	 * Origin patterns allowed to open a connection, such as 'https://*.example.com'. Empty
	 * allows same-origin requests and requests without an Origin header only.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	private final Outbound outbound = new Outbound();

	private final Limits limits = new Limits();

	private final RateLimit rateLimit = new RateLimit();

	private final Tomcat tomcat = new Tomcat();

	private final Heartbeat heartbeat = new Heartbeat();

	private final Protocol protocol = new Protocol();

	private final Registry registry = new Registry();

	private final History history = new History();

	private final Client client = new Client();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public Outbound getOutbound() {
		return this.outbound;
	}

	public Client getClient() {
		return this.client;
	}

	public Limits getLimits() {
		return this.limits;
	}

	MembershipLimits membershipLimits() {
		long roomNameBytes = this.limits.getMaxRoomNameLength().toBytes();
		if (roomNameBytes < 0 || roomNameBytes > 65_536) {
			throw new IllegalStateException("ws.limits.max-room-name-length must be between 0B (no limit) and 64KB, not "
					+ this.limits.getMaxRoomNameLength());
		}
		if (this.limits.getMaxRooms() < 0) {
			throw new IllegalStateException(
					"ws.limits.max-rooms must be zero (no limit) or more, not " + this.limits.getMaxRooms());
		}
		return new MembershipLimits(this.limits.getMaxRoomsPerConnection(), this.limits.getMaxConnectionsPerRoom(),
				this.limits.getMaxConnectionsPerUser(), (int) roomNameBytes, this.limits.getMaxRooms());
	}

	/**
	 * The browser client, wsboot.js, served from the starter's jar.
	 */
	public static class Client {

		/**
		 * Whether to serve the browser client at /wsboot/wsboot.js (and its TypeScript
		 * declarations at /wsboot/wsboot.d.ts).
		 */
		private boolean enabled = true;

		/**
		 * How long browsers and proxies may cache the client before they revalidate it
		 * (Cache-Control max-age; Last-Modified answers revalidations with 304).
		 */
		private Duration cachePeriod = Duration.ofHours(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getCachePeriod() {
			return this.cachePeriod;
		}

		public void setCachePeriod(Duration cachePeriod) {
			this.cachePeriod = cachePeriod;
		}

	}

	/**
	 * Limits on what clients may send, name and hold.
	 */
	public static class Limits {

		/**
		 * Largest inbound message, counted in bytes (UTF-8 for text) across all of its
		 * fragments. A larger message closes the connection with 1009 before any handler
		 * runs.
		 */
		private DataSize maxMessageSize = DataSize.ofKilobytes(64);

		/**
		 * How many rooms one connection may be in. Zero means no limit.
		 */
		private int maxRoomsPerConnection = 128;

		/**
		 * How many connections a room may have, unless the room has a limit of its own (set
		 * through WebSocketMessenger#setRoomLimit). Zero means no limit.
		 */
		private int maxConnectionsPerRoom = 0;

		/**
		 * How many connections one user may have open. An authenticated user (a connection
		 * with a principal) is counted across endpoints and nodes; a name given with
		 * Connection#setUser to a connection without a principal is counted within its
		 * endpoint only, apart from the authenticated user of that name. Zero means no limit.
		 */
		private int maxConnectionsPerUser = 0;

		/**
		 * How many WebSocket connections this node may hold, those being opened included. A
		 * handshake over it gets HTTP 503 with a Retry-After header, before the upgrade. When
		 * not set, it is derived at startup from the process's open-file limit, the
		 * connector's server.tomcat.max-connections (leaving room for HTTP requests) and the
		 * heap (32 KB per connection), and logged. Zero means no limit.
		 */
		private @Nullable Integer maxConnections;

		/**
		 * How many WebSocket connections one remote address may hold on this node. A
		 * handshake over it gets HTTP 429 with a Retry-After header. Behind a proxy, every
		 * client has the proxy's address unless server.forward-headers-strategy is set. Zero
		 * means no limit.
		 */
		private int maxConnectionsPerAddress = 0;

		/**
		 * Longest room name, counted in UTF-8 bytes. A longer name, a blank one or one that
		 * is not valid Unicode is refused: an error frame 'bad_request' in a message
		 * handler, close 1008 in @OnConnect. Zero means no limit.
		 */
		private DataSize maxRoomNameLength = DataSize.ofBytes(256);

		/**
		 * In how many rooms the connections of this node may be; each is a pub/sub
		 * subscription with Redis. A join into a room new to the node beyond it is refused
		 * ('limit_exceeded'). Zero means no limit.
		 */
		private int maxRooms = 100_000;

		public int getMaxRooms() {
			return this.maxRooms;
		}

		public void setMaxRooms(int maxRooms) {
			this.maxRooms = maxRooms;
		}

		public DataSize getMaxRoomNameLength() {
			return this.maxRoomNameLength;
		}

		public void setMaxRoomNameLength(DataSize maxRoomNameLength) {
			this.maxRoomNameLength = maxRoomNameLength;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public int getMaxRoomsPerConnection() {
			return this.maxRoomsPerConnection;
		}

		public void setMaxRoomsPerConnection(int maxRoomsPerConnection) {
			this.maxRoomsPerConnection = maxRoomsPerConnection;
		}

		public int getMaxConnectionsPerRoom() {
			return this.maxConnectionsPerRoom;
		}

		public void setMaxConnectionsPerRoom(int maxConnectionsPerRoom) {
			this.maxConnectionsPerRoom = maxConnectionsPerRoom;
		}

		public int getMaxConnectionsPerUser() {
			return this.maxConnectionsPerUser;
		}

		public void setMaxConnectionsPerUser(int maxConnectionsPerUser) {
			this.maxConnectionsPerUser = maxConnectionsPerUser;
		}

		public @Nullable Integer getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(@Nullable Integer maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int getMaxConnectionsPerAddress() {
			return this.maxConnectionsPerAddress;
		}

		public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
			this.maxConnectionsPerAddress = maxConnectionsPerAddress;
		}

	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public Tomcat getTomcat() {
		return this.tomcat;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Protocol getProtocol() {
		return this.protocol;
	}

	public History getHistory() {
		return this.history;
	}

	/**
	 * Room history: which rooms keep their recent messages, so that a client that
	 * reconnects recovers what it missed and a client that joins late sees what was said.
	 */
	public static class History {

		/**
		 * Rooms that keep a history: each rule a room-name pattern ('*' matches any
		 * characters), a size in messages and a TTL, both required. The first rule whose
		 * pattern matches a room applies. A RoomHistoryPolicy bean replaces these rules.
		 */
		private List<Rule> rooms = new ArrayList<>();

		/**
		 * Most messages replayed to a client that recovers a room, 1 to 10000; a longer
		 * gap is not recovered, and the client is told so.
		 */
		private int maxReplay = 300;

		/**
		 * How long a room's position (its epoch and last offset) is kept after its last
		 * message or join, so that a client that missed nothing recovers even after the
		 * messages expired. A position lasts at least as long as its room's messages.
		 */
		private Duration positionTtl = Duration.ofDays(1);

		/**
		 * Most rooms whose history one node keeps in memory (in-memory registry only);
		 * past it, the room used least recently loses its history.
		 */
		private int maxRooms = 10_000;

		public List<Rule> getRooms() {
			return this.rooms;
		}

		public void setRooms(List<Rule> rooms) {
			this.rooms = rooms;
		}

		public int getMaxReplay() {
			return this.maxReplay;
		}

		public void setMaxReplay(int maxReplay) {
			this.maxReplay = maxReplay;
		}

		public Duration getPositionTtl() {
			return this.positionTtl;
		}

		public void setPositionTtl(Duration positionTtl) {
			this.positionTtl = positionTtl;
		}

		public int getMaxRooms() {
			return this.maxRooms;
		}

		public void setMaxRooms(int maxRooms) {
			this.maxRooms = maxRooms;
		}

		/**
		 * Which rooms keep a history, and how much.
		 */
		public static class Rule {

			/**
			 * The room-name pattern, such as 'lobby' or 'chat:*'.
			 */
			private @Nullable String pattern;

			/**
			 * The most messages kept, 1 to 10000. Required.
			 */
			private @Nullable Integer size;

			/**
			 * How long each message is kept, at least 1s. Required.
			 */
			private @Nullable Duration ttl;

			public @Nullable String getPattern() {
				return this.pattern;
			}

			public void setPattern(@Nullable String pattern) {
				this.pattern = pattern;
			}

			public @Nullable Integer getSize() {
				return this.size;
			}

			public void setSize(@Nullable Integer size) {
				this.size = size;
			}

			public @Nullable Duration getTtl() {
				return this.ttl;
			}

			public void setTtl(@Nullable Duration ttl) {
				this.ttl = ttl;
			}

		}

	}

	/**
	 * Return the Tomcat settings under their former name.
	 * @return the Tomcat settings
	 * @deprecated since 0.1.0 in favor of {@link #getTomcat()}
	 */
	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.tomcat", since = "0.1.0")
	public Tomcat getContainer() {
		return this.tomcat;
	}

	// Former flat names, bound as aliases of the grouped ones

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.protocol.route-key", since = "0.1.0")
	public String getRouteKey() {
		return this.protocol.getRouteKey();
	}

	@Deprecated(since = "0.1.0")
	public void setRouteKey(String value) {
		this.protocol.setRouteKey(value);
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.protocol.permessage-deflate", since = "0.1.0")
	public boolean isPermessageDeflate() {
		return this.protocol.isPermessageDeflate();
	}

	@Deprecated(since = "0.1.0")
	public void setPermessageDeflate(boolean value) {
		this.protocol.setPermessageDeflate(value);
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.limits.max-message-size", since = "0.1.0")
	public DataSize getMaxMessageSize() {
		return this.limits.getMaxMessageSize();
	}

	@Deprecated(since = "0.1.0")
	public void setMaxMessageSize(DataSize value) {
		this.limits.setMaxMessageSize(value);
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.limits.max-rooms-per-connection", since = "0.1.0")
	public int getMaxRoomsPerConnection() {
		return this.limits.getMaxRoomsPerConnection();
	}

	@Deprecated(since = "0.1.0")
	public void setMaxRoomsPerConnection(int value) {
		this.limits.setMaxRoomsPerConnection(value);
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.limits.max-connections-per-room", since = "0.1.0")
	public int getMaxConnectionsPerRoom() {
		return this.limits.getMaxConnectionsPerRoom();
	}

	@Deprecated(since = "0.1.0")
	public void setMaxConnectionsPerRoom(int value) {
		this.limits.setMaxConnectionsPerRoom(value);
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.limits.max-connections-per-user", since = "0.1.0")
	public int getMaxConnectionsPerUser() {
		return this.limits.getMaxConnectionsPerUser();
	}

	@Deprecated(since = "0.1.0")
	public void setMaxConnectionsPerUser(int value) {
		this.limits.setMaxConnectionsPerUser(value);
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.limits.max-connections", since = "0.1.0")
	public @Nullable Integer getMaxConnections() {
		return this.limits.getMaxConnections();
	}

	@Deprecated(since = "0.1.0")
	public void setMaxConnections(@Nullable Integer value) {
		this.limits.setMaxConnections(value);
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.limits.max-connections-per-address", since = "0.1.0")
	public int getMaxConnectionsPerAddress() {
		return this.limits.getMaxConnectionsPerAddress();
	}

	@Deprecated(since = "0.1.0")
	public void setMaxConnectionsPerAddress(int value) {
		this.limits.setMaxConnectionsPerAddress(value);
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.outbound.send-buffer-limit", since = "0.1.0")
	public DataSize getSendBufferLimit() {
		return this.outbound.getSendBufferLimit();
	}

	@Deprecated(since = "0.1.0")
	public void setSendBufferLimit(DataSize value) {
		this.outbound.setSendBufferLimit(value);
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.outbound.send-time-limit", since = "0.1.0")
	public Duration getSendTimeLimit() {
		return this.outbound.getSendTimeLimit();
	}

	@Deprecated(since = "0.1.0")
	public void setSendTimeLimit(Duration value) {
		this.outbound.setSendTimeLimit(value);
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.heartbeat.interval", since = "0.1.0")
	public Duration getHeartbeatInterval() {
		return this.heartbeat.getInterval();
	}

	@Deprecated(since = "0.1.0")
	public void setHeartbeatInterval(Duration value) {
		this.heartbeat.setInterval(value);
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "ws.heartbeat.idle-timeout", since = "0.1.0")
	public Duration getIdleTimeout() {
		return this.heartbeat.getIdleTimeout();
	}

	@Deprecated(since = "0.1.0")
	public void setIdleTimeout(Duration value) {
		this.heartbeat.setIdleTimeout(value);
	}


	/**
	 * Pings of idle connections, and the closing of those that stopped answering.
	 */
	public static class Heartbeat {

		/**
		 * How long a connection may stay idle before the server pings it. Zero turns pings
		 * off.
		 */
		private Duration interval = Duration.ofSeconds(25);

		/**
		 * How long a connection may stay without any inbound traffic (messages or pongs)
		 * before it is closed with 1001 and cleaned up. A live client answers every ping, so
		 * this only closes peers that vanished without a close. Zero turns it off.
		 */
		private Duration idleTimeout = Duration.ofSeconds(35);

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * The wire protocol of the endpoints.
	 */
	public static class Protocol {

		/**
		 * Name of the JSON field of an inbound message that selects the @OnMessage route.
		 */
		private String routeKey = "action";

		/**
		 * Whether to negotiate permessage-deflate compression with clients that offer it. Off
		 * by default: compression costs CPU and memory per connection and widens the surface
		 * for decompression bombs.
		 */
		private boolean permessageDeflate = false;

		public String getRouteKey() {
			return this.routeKey;
		}

		public void setRouteKey(String routeKey) {
			this.routeKey = routeKey;
		}

		public boolean isPermessageDeflate() {
			return this.permessageDeflate;
		}

		public void setPermessageDeflate(boolean permessageDeflate) {
			this.permessageDeflate = permessageDeflate;
		}

	}

	/**
	 * The write lanes: the threads that write to clients, and their queues.
	 */
	public static class Outbound {

		/**
		 * Most bytes that may wait for a client whose socket is full. A client that reads too
		 * slowly to stay under it is closed.
		 */
		private DataSize sendBufferLimit = DataSize.ofKilobytes(512);

		/**
		 * Longest time a single send to a client may take. A client that stays blocked longer
		 * is closed.
		 */
		private Duration sendTimeLimit = Duration.ofSeconds(10);

		/**
		 * Number of write lanes, each a thread writing to its share of the connections.
		 * When not set, one per available processor.
		 */
		private @Nullable Integer lanes;

		/**
		 * How long a write to a client may wait before its lane carries on with the
		 * other clients on a new thread, leaving the stalled write to the old one.
		 */
		private Duration stallThreshold = Duration.ofMillis(20);

		/**
		 * Number of threads that may be left with stalled clients at once. Past it, a
		 * stalled client is closed with 1008 at once.
		 */
		private int maxStalledWriters = 64;

		/**
		 * Most payload bytes that may wait in one lane (a broadcast counts once per lane).
		 * A sender that finds the lane full waits up to a second, then the message is
		 * dropped for that lane's connections, counted and logged.
		 */
		private DataSize laneBacklogLimit = DataSize.ofMegabytes(64);

		/**
		 * Number of threads that carry out closes. Closing a client that stopped reading
		 * waits up to a second for the close frame to be written.
		 */
		private int closeThreads = 8;

		/**
		 * How long the shutdown waits for queued writes and closes before the lanes stop.
		 */
		private Duration drainTimeout = Duration.ofSeconds(5);

		public @Nullable Integer getLanes() {
			return this.lanes;
		}

		public void setLanes(@Nullable Integer lanes) {
			this.lanes = lanes;
		}

		public Duration getStallThreshold() {
			return this.stallThreshold;
		}

		public void setStallThreshold(Duration stallThreshold) {
			this.stallThreshold = stallThreshold;
		}

		public int getMaxStalledWriters() {
			return this.maxStalledWriters;
		}

		public void setMaxStalledWriters(int maxStalledWriters) {
			this.maxStalledWriters = maxStalledWriters;
		}

		public DataSize getLaneBacklogLimit() {
			return this.laneBacklogLimit;
		}

		public void setLaneBacklogLimit(DataSize laneBacklogLimit) {
			this.laneBacklogLimit = laneBacklogLimit;
		}

		public int getCloseThreads() {
			return this.closeThreads;
		}

		public void setCloseThreads(int closeThreads) {
			this.closeThreads = closeThreads;
		}

		public Duration getDrainTimeout() {
			return this.drainTimeout;
		}

		public void setDrainTimeout(Duration drainTimeout) {
			this.drainTimeout = drainTimeout;
		}

		public DataSize getSendBufferLimit() {
			return this.sendBufferLimit;
		}

		public void setSendBufferLimit(DataSize sendBufferLimit) {
			this.sendBufferLimit = sendBufferLimit;
		}

		public Duration getSendTimeLimit() {
			return this.sendTimeLimit;
		}

		public void setSendTimeLimit(Duration sendTimeLimit) {
			this.sendTimeLimit = sendTimeLimit;
		}

	}

	/**
	 * Per-connection limit of inbound messages: a token bucket.
	 */
	public static class RateLimit {

		/**
		 * Whether to limit the rate of inbound messages of each connection.
		 */
		private boolean enabled = true;

		/**
		 * Steady number of messages per second a connection may send.
		 */
		private double messagesPerSecond = 50;

		/**
		 * Number of messages a connection may send at once after a quiet period.
		 */
		private int burst = 100;

		/**
		 * How long a connection may keep going over the limit before it is closed with
		 * 1008.
		 */
		private Duration floodTimeout = Duration.ofSeconds(3);

		/**
		 * Number of messages that may be dropped in one flood before the connection is
		 * closed with 1008.
		 */
		private int maxDrops = 1000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getMessagesPerSecond() {
			return this.messagesPerSecond;
		}

		public void setMessagesPerSecond(double messagesPerSecond) {
			this.messagesPerSecond = messagesPerSecond;
		}

		public int getBurst() {
			return this.burst;
		}

		public void setBurst(int burst) {
			this.burst = burst;
		}

		public Duration getFloodTimeout() {
			return this.floodTimeout;
		}

		public void setFloodTimeout(Duration floodTimeout) {
			this.floodTimeout = floodTimeout;
		}

		public int getMaxDrops() {
			return this.maxDrops;
		}

		public void setMaxDrops(int maxDrops) {
			this.maxDrops = maxDrops;
		}

	}

	public Registry getRegistry() {
		return this.registry;
	}

	/**
	 * Where connections, rooms and users are held.
	 */
	public static class Registry {

		/**
		 * Registry to use. 'auto' uses Redis when the application has a
		 * RedisConnectionFactory bean, else memory.
		 */
		private RegistryType type = RegistryType.AUTO;

		private final Redis redis = new Redis();

		public RegistryType getType() {
			return this.type;
		}

		public void setType(RegistryType type) {
			this.type = type;
		}

		public Redis getRedis() {
			return this.redis;
		}

	}

	/**
	 * Kinds of connection registry.
	 */
	public enum RegistryType {

		/**
		 * Redis when the application has a RedisConnectionFactory bean, else memory.
		 */
		AUTO,

		/**
		 * In this JVM only: one node.
		 */
		MEMORY,

		/**
		 * In Redis: any number of nodes sharing one Redis.
		 */
		REDIS

	}

	/**
	 * Settings of the Redis registry. Where Redis is comes from 'spring.data.redis.*'.
	 */
	public static class Redis {

		/**
		 * Name of the cluster: nodes with the same name on one Redis share rooms, members
		 * and broadcasts, and a node reads only the cluster messages of its own cluster.
		 * Letters, digits, '.', '_' and '-', at most 64. Unset means the application's
		 * 'spring.application.name', or else its main class, so two applications on one
		 * Redis are two clusters; set it to tell environments apart that share a Redis
		 * (staging and production).
		 */
		private @Nullable String cluster;

		/**
		 * Prefix of every Redis key and pub/sub channel the registry uses. Unset means
		 * 'ws:' followed by the cluster name and ':'.
		 */
		private @Nullable String keyPrefix;

		/**
		 * Shared secret that signs every cluster message (HMAC-SHA256), at least 32
		 * bytes. With it, a node reads only messages signed with it, published less than
		 * 'max-message-age' ago, and never the same message twice, so whoever can publish
		 * on the Redis without the secret cannot send to, join or close connections.
		 * Unset means unsigned messages: restrict who may publish with a Redis ACL.
		 */
		private @Nullable String secret;

		/**
		 * A former secret still accepted, not used to sign, while the nodes of a cluster
		 * move to a new 'secret' one by one.
		 */
		private @Nullable String previousSecret;

		/**
		 * How old a signed cluster message may be when a node reads it; older ones are
		 * dropped as replays. Allow for the clocks of the nodes to differ.
		 */
		private Duration maxMessageAge = Duration.ofSeconds(30);

		public @Nullable String getCluster() {
			return this.cluster;
		}

		public void setCluster(@Nullable String cluster) {
			this.cluster = cluster;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public @Nullable String getPreviousSecret() {
			return this.previousSecret;
		}

		public void setPreviousSecret(@Nullable String previousSecret) {
			this.previousSecret = previousSecret;
		}

		public Duration getMaxMessageAge() {
			return this.maxMessageAge;
		}

		public void setMaxMessageAge(Duration maxMessageAge) {
			this.maxMessageAge = maxMessageAge;
		}

		/**
		 * Name of this node, letters, digits, '_' and '.'. A random incarnation id is
		 * appended, so a restarted node never reuses the connection ids of its previous
		 * run. Unset means a random id only.
		 */
		private @Nullable String nodeName;

		/**
		 * How often each node refreshes its liveness key in Redis. Dead nodes are looked
		 * for every second, or at this interval when it is shorter.
		 */
		private Duration livenessInterval = Duration.ofSeconds(5);

		/**
		 * How long a node's liveness key lives without a refresh. The connections of a
		 * node silent for longer are swept out of their rooms by a live node.
		 */
		private Duration nodeTtl = Duration.ofSeconds(15);

		/**
		 * Whether to fail the startup when Redis cannot be reached. When false, the node
		 * starts, serves its local rooms, and joins the cluster when Redis answers.
		 */
		private boolean failFast = false;

		/**
		 * Most cluster messages that may wait for delivery to this node's clients. Past
		 * it, a message is dropped, counted and logged.
		 */
		private int deliveryQueueCapacity = 10_000;

		/**
		 * Number of threads that run @OnDisconnect for the connections of a lost node
		 * that this node swept. The sweep waits while they are all busy and 10,000 calls
		 * are queued.
		 */
		private int disconnectThreads = 4;

		public int getDeliveryQueueCapacity() {
			return this.deliveryQueueCapacity;
		}

		public void setDeliveryQueueCapacity(int deliveryQueueCapacity) {
			this.deliveryQueueCapacity = deliveryQueueCapacity;
		}

		public int getDisconnectThreads() {
			return this.disconnectThreads;
		}

		public void setDisconnectThreads(int disconnectThreads) {
			this.disconnectThreads = disconnectThreads;
		}

		public @Nullable String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(@Nullable String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public @Nullable String getNodeName() {
			return this.nodeName;
		}

		public void setNodeName(@Nullable String nodeName) {
			this.nodeName = nodeName;
		}

		public Duration getLivenessInterval() {
			return this.livenessInterval;
		}

		public void setLivenessInterval(Duration livenessInterval) {
			this.livenessInterval = livenessInterval;
		}

		@Deprecated(since = "0.1.0")
		@DeprecatedConfigurationProperty(replacement = "ws.registry.redis.liveness-interval", since = "0.1.0")
		public Duration getHeartbeatInterval() {
			return this.livenessInterval;
		}

		@Deprecated(since = "0.1.0")
		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.livenessInterval = heartbeatInterval;
		}

		public Duration getNodeTtl() {
			return this.nodeTtl;
		}

		public void setNodeTtl(Duration nodeTtl) {
			this.nodeTtl = nodeTtl;
		}

		public boolean isFailFast() {
			return this.failFast;
		}

		public void setFailFast(boolean failFast) {
			this.failFast = failFast;
		}

	}

	/**
	 * Settings applied to Tomcat, the servlet container the starter tunes.
	 */
	public static class Tomcat {

		private static final DataSize MAX_BUFFER_SIZE = DataSize.ofMegabytes(16);

		/**
		 * Size of the text and binary message buffers that the servlet container allocates
		 * for every WebSocket session of the application, and keeps for the session's
		 * lifetime. Messages larger than this arrive in parts and are assembled up to
		 * 'ws.limits.max-message-size'. Applies to all WebSocket sessions of the server, also
		 * those of hand-written handlers; set it to 8KB to keep Tomcat's default.
		 */
		private DataSize messageBufferSize = DataSize.ofKilobytes(1);

		/**
		 * Size of Tomcat's WebSocket input and output buffers, allocated for every
		 * WebSocket session and kept for its lifetime. Set as the JVM-wide system property
		 * 'org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE' at startup, unless that is set
		 * already; it applies to every WebSocket session in the JVM, Tomcat's WebSocket
		 * client included. Larger frames are read and written in parts.
		 */
		private DataSize ioBufferSize = DataSize.ofKilobytes(1);

		/**
		 * Size of the Tomcat connector's read and write buffers of every connection
		 * ('socket.appReadBufSize' and 'socket.appWriteBufSize'). A server-wide setting:
		 * it applies to HTTP connections as well, which Tomcat reads and writes directly,
		 * past these buffers, when more data is at hand than they hold.
		 */
		private DataSize socketBufferSize = DataSize.ofKilobytes(1);

		/**
		 * Whether to apply 'message-buffer-size', 'io-buffer-size' and
		 * 'socket-buffer-size' to the servlet container.
		 */
		private boolean tuneBuffers = true;

		/**
		 * Longest time a client may take to send a request's line and headers, a
		 * WebSocket handshake's included; past it the connection is closed. Tomcat itself
		 * bounds only the time between two reads (server.tomcat.connection-timeout), so a
		 * client trickling its headers could hold a connection indefinitely. Applies to
		 * every connection of the connector. Zero turns it off.
		 */
		private Duration requestHeaderTimeout = Duration.ofSeconds(10);

		public Duration getRequestHeaderTimeout() {
			return this.requestHeaderTimeout;
		}

		public void setRequestHeaderTimeout(Duration requestHeaderTimeout) {
			this.requestHeaderTimeout = requestHeaderTimeout;
		}

		/**
		 * Check a container buffer size: a buffer smaller than a frame header plus a
		 * little payload, or larger than a message should ever need, is a mistake.
		 * @param property the property, for the message
		 * @param size the size
		 * @return the size
		 * @throws IllegalArgumentException if the size is below 128B or above 16MB
		 */
		static DataSize checkedBufferSize(String property, DataSize size) {
			long bytes = size.toBytes();
			if (bytes < 128 || bytes > MAX_BUFFER_SIZE.toBytes()) {
				throw new IllegalArgumentException(
						"'" + property + "' must be between 128B and 16MB, not " + bytes + " bytes");
			}
			return size;
		}

		public DataSize getIoBufferSize() {
			return this.ioBufferSize;
		}

		public void setIoBufferSize(DataSize ioBufferSize) {
			this.ioBufferSize = checkedBufferSize("ws.tomcat.io-buffer-size", ioBufferSize);
		}

		public DataSize getSocketBufferSize() {
			return this.socketBufferSize;
		}

		public void setSocketBufferSize(DataSize socketBufferSize) {
			this.socketBufferSize = checkedBufferSize("ws.tomcat.socket-buffer-size", socketBufferSize);
		}

		public DataSize getMessageBufferSize() {
			return this.messageBufferSize;
		}

		public void setMessageBufferSize(DataSize messageBufferSize) {
			this.messageBufferSize = checkedBufferSize("ws.tomcat.message-buffer-size", messageBufferSize);
		}

		public boolean isTuneBuffers() {
			return this.tuneBuffers;
		}

		public void setTuneBuffers(boolean tuneBuffers) {
			this.tuneBuffers = tuneBuffers;
		}

	}

}
