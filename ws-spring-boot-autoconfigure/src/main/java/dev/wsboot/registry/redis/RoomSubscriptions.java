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

package dev.wsboot.registry.redis;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The node's pub/sub subscriptions: its own channel and the channel of sends to everyone
 * always, and a room's channel while, and only while, the node has a local member in the
 * room. Every change runs on one thread of its own, in order, so that the outcome follows
 * the latest state; the housekeeping has them reconciled with the local rooms
 * periodically, for those a failed Redis left behind.
 *
 * @author wsboot
 */
final class RoomSubscriptions {

	private static final int AWAIT_SECONDS = 5;

	private final RedisMessageListenerContainer container;

	private final MessageListener listener;

	private final RedisKeys keys;

	private final String nodeId;

	private final RedisAccess redis;

	private final Predicate<String> wanted;

	private final Supplier<Set<String>> localRooms;

	/** The rooms subscribed to; changed on the subscription thread only. */
	private final Set<String> subscribed = ConcurrentHashMap.newKeySet();

	private boolean nodeChannelsSubscribed;

	private volatile @Nullable ExecutorService executor;

	/**
	 * Create the subscriptions of a node.
	 * @param container the listener container
	 * @param listener what reads the messages
	 * @param keys the cluster's keys and channels
	 * @param nodeId this node
	 * @param redis access to Redis, told of failures
	 * @param wanted whether the node has local members in a room
	 * @param localRooms the rooms with local members
	 */
	RoomSubscriptions(RedisMessageListenerContainer container, MessageListener listener, RedisKeys keys, String nodeId,
			RedisAccess redis, Predicate<String> wanted, Supplier<Set<String>> localRooms) {
		this.container = container;
		this.listener = listener;
		this.keys = keys;
		this.nodeId = nodeId;
		this.redis = redis;
		this.wanted = wanted;
		this.localRooms = localRooms;
	}

	void start() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("ws-redis-subscriptions-");
		threads.setDaemon(true);
		ExecutorService started = Executors.newSingleThreadExecutor(threads);
		this.executor = started;
		started.execute(this::subscribeNodeChannels);
	}

	/** Stop listening and stop the thread. */
	void stop() {
		this.container.removeMessageListener(this.listener);
		ExecutorService running = this.executor;
		if (running != null) {
			running.shutdownNow();
		}
	}

	/**
	 * Bring a room's subscription in line with its local membership, soon.
	 * @param room the room
	 */
	void roomChanged(String room) {
		submit(() -> reconcile(room));
	}

	/**
	 * Wait until this node receives a room's broadcasts, if it has members in the room:
	 * at once if it is subscribed already, else once the subscription thread has
	 * subscribed (Spring Data Redis returns from a subscription once Redis confirmed it).
	 * @param room the room
	 * @throws IllegalStateException if that takes longer than {@value #AWAIT_SECONDS}
	 * seconds, or the node is stopping
	 */
	void awaitSubscribed(String room) {
		ExecutorService running = this.executor;
		if (this.subscribed.contains(room) || running == null) {
			return;
		}
		try {
			running.submit(() -> reconcile(room)).get(AWAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while subscribing to room '" + room + "'", ex);
		}
		catch (ExecutionException | TimeoutException | RejectedExecutionException ex) {
			throw new IllegalStateException("Not subscribed to room '" + room + "'", ex);
		}
	}

	/** Bring every subscription in line with the local rooms, soon. */
	void reconcileAll() {
		submit(() -> {
			subscribeNodeChannels();
			Set<String> rooms = new HashSet<>(this.localRooms.get());
			rooms.addAll(this.subscribed);
			for (String room : rooms) {
				reconcile(room);
			}
		});
	}

	/**
	 * Return the rooms whose channel this node is subscribed to.
	 * @return the subscribed rooms
	 */
	Set<String> subscribedRooms() {
		ExecutorService running = this.executor;
		if (running == null) {
			return Set.of();
		}
		try {
			return running.submit(() -> Set.copyOf(this.subscribed)).get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void submit(Runnable task) {
		ExecutorService running = this.executor;
		if (running != null && !running.isShutdown()) {
			running.execute(task);
		}
	}

	private void subscribeNodeChannels() {
		if (this.nodeChannelsSubscribed) {
			return;
		}
		try {
			this.container.addMessageListener(this.listener, List.of(
					new ChannelTopic(this.keys.nodeChannel(this.nodeId)), new ChannelTopic(this.keys.allChannel())));
			this.nodeChannelsSubscribed = true;
		}
		catch (RuntimeException ex) {
			this.redis.down("subscription to the node's channels", ex);
		}
	}

	private void reconcile(String room) {
		boolean wantedNow = this.wanted.test(room);
		boolean subscribedNow = this.subscribed.contains(room);
		try {
			if (wantedNow && !subscribedNow) {
				this.container.addMessageListener(this.listener, new ChannelTopic(this.keys.roomChannel(room)));
				this.subscribed.add(room);
			}
			else if (!wantedNow && subscribedNow) {
				this.subscribed.remove(room);
				this.container.removeMessageListener(this.listener, new ChannelTopic(this.keys.roomChannel(room)));
			}
		}
		catch (RuntimeException ex) {
			this.redis.down("subscription to room '" + room + "'", ex);
		}
	}

}
