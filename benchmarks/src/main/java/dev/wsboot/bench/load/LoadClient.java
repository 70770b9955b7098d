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

package dev.wsboot.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client for thousands of connections on a few threads: each thread runs one
 * NIO selector, and a connection lives on one of them. It speaks just enough RFC 6455 for
 * the bench protocol: the opening handshake, masked text frames out, unmasked frames in,
 * pongs for pings and the closing handshake.
 *
 * @author wsboot
 */
final class LoadClient implements AutoCloseable {

	private final Loop[] loops;

	private final Thread[] threads;

	private final FrameListener listener;

	private final AtomicInteger next = new AtomicInteger();

	LoadClient(int threads, FrameListener listener) throws IOException {
		this.listener = listener;
		this.loops = new Loop[threads];
		this.threads = new Thread[threads];
		for (int i = 0; i < threads; i++) {
			this.loops[i] = new Loop(i);
			this.threads[i] = new Thread(this.loops[i], "load-client-" + i);
			this.threads[i].setDaemon(true);
			this.threads[i].start();
		}
	}

	/**
	 * Open a connection.
	 * @param server the server address
	 * @param local the local address to bind, so that more than one port range can be used
	 * @param target the request target, such as {@code /ws?room=a}
	 * @param group the group the connection's deliveries are counted in
	 * @return the connection, whose {@link Conn#opened()} completes after the handshake
	 * @throws IOException if the socket cannot be created
	 */
	Conn connect(InetSocketAddress server, @Nullable InetSocketAddress local, String target, int group)
			throws IOException {
		SocketChannel channel = SocketChannel.open();
		channel.configureBlocking(false);
		channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		if (local != null) {
			channel.bind(local);
		}
		Loop loop = this.loops[Math.floorMod(this.next.getAndIncrement(), this.loops.length)];
		Conn conn = new Conn(loop, channel, group, handshake(server, target));
		channel.connect(server);
		loop.register(conn);
		return conn;
	}

	private static byte[] handshake(InetSocketAddress server, String target) {
		return ("GET " + target + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
				+ "Sec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Return the CPU time of the client's threads, in nanoseconds.
	 * @return the CPU time
	 */
	long cpuNanos() {
		long total = 0;
		for (Loop loop : this.loops) {
			long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(loop.threadId);
			total += Math.max(cpu, 0);
		}
		return total;
	}

	/**
	 * Close every connection, without the closing handshake, and wait until the sockets
	 * are released.
	 */
	@Override
	public void close() {
		for (Loop loop : this.loops) {
			loop.stop();
		}
		for (Thread thread : this.threads) {
			try {
				thread.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Receives the frames of every connection, on the connection's selector thread.
	 */
	interface FrameListener {

		/**
		 * A text frame arrived.
		 * @param conn the connection
		 * @param buffer the buffer holding the payload; not to be kept
		 * @param offset where the payload starts
		 * @param length the payload length
		 */
		void onText(Conn conn, ByteBuffer buffer, int offset, int length);

		/**
		 * The connection closed.
		 * @param conn the connection
		 * @param code the close code, or 1006 when it closed without one
		 */
		void onClose(Conn conn, int code);

	}

	/**
	 * One connection.
	 */
	final class Conn {

		private final Loop loop;

		private final SocketChannel channel;

		private final int group;

		private final Queue<ByteBuffer> out = new ConcurrentLinkedQueue<>();

		private final CompletableFuture<Conn> opened = new CompletableFuture<>();

		private ByteBuffer in = ByteBuffer.allocate(1024);

		private @Nullable SelectionKey key;

		private boolean upgraded;

		private volatile boolean closed;

		private volatile int closeCode;

		private volatile boolean paused;

		/** Free for the listener: the last sequence number seen. */
		long lastSeq = -1;

		/** Free for the listener: probes seen. */
		volatile int probes;

		Conn(Loop loop, SocketChannel channel, int group, byte[] handshake) {
			this.loop = loop;
			this.channel = channel;
			this.group = group;
			this.out.add(ByteBuffer.wrap(handshake));
		}

		int group() {
			return this.group;
		}

		CompletableFuture<Conn> opened() {
			return this.opened;
		}

		boolean isOpen() {
			return this.upgraded && !this.closed;
		}

		/**
		 * Return the close code the connection ended with: the server's, or 1006 when it
		 * ended without a close frame.
		 * @return the close code, or 0 while open
		 */
		int closeCode() {
			return this.closeCode;
		}

		/**
		 * Send a text frame, masked as a client must.
		 * @param payload the payload
		 */
		void sendText(byte[] payload) {
			this.out.add(frame(0x81, payload));
			this.loop.wakeForWrite(this);
		}

		/**
		 * Stop reading from the socket, or start again: a client that stops reading is
		 * what a slow client looks like to the server.
		 * @param paused whether to stop reading
		 */
		void pauseReading(boolean paused) {
			this.paused = paused;
			this.loop.wakeForWrite(this);
		}

		/**
		 * Start the closing handshake with 1000.
		 */
		void close() {
			this.out.add(frame(0x88, new byte[] { 0x03, (byte) 0xE8 }));
			this.loop.wakeForWrite(this);
		}

		private static ByteBuffer frame(int first, byte[] payload) {
			int length = payload.length;
			int header = (length < 126) ? 2 : (length < 65536) ? 4 : 10;
			ByteBuffer frame = ByteBuffer.allocate(header + 4 + length);
			frame.put((byte) first);
			if (length < 126) {
				frame.put((byte) (0x80 | length));
			}
			else if (length < 65536) {
				frame.put((byte) (0x80 | 126)).putShort((short) length);
			}
			else {
				frame.put((byte) (0x80 | 127)).putLong(length);
			}
			int mask = ThreadLocalRandom.current().nextInt();
			frame.putInt(mask);
			byte[] maskBytes = { (byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask };
			for (int i = 0; i < length; i++) {
				frame.put((byte) (payload[i] ^ maskBytes[i & 3]));
			}
			return frame.flip();
		}

		private void onConnectable() throws IOException {
			this.channel.finishConnect();
			this.key.interestOps(SelectionKey.OP_READ);
			flush();
		}

		private void flush() throws IOException {
			ByteBuffer buffer;
			while ((buffer = this.out.peek()) != null) {
				this.channel.write(buffer);
				if (buffer.hasRemaining()) {
					this.key.interestOps(this.key.interestOps() | SelectionKey.OP_WRITE);
					return;
				}
				this.out.poll();
			}
			int ops = this.paused ? 0 : SelectionKey.OP_READ;
			if (this.key.interestOps() != ops) {
				this.key.interestOps(ops);
			}
		}

		private void onReadable() throws IOException {
			int read = this.channel.read(this.in);
			if (read < 0) {
				closed(1006);
				return;
			}
			this.in.flip();
			if (!this.upgraded && !readHandshake()) {
				this.in.compact();
				return;
			}
			readFrames();
			this.in.compact();
		}

		private boolean readHandshake() {
			int end = -1;
			for (int i = this.in.position(); i + 3 < this.in.limit(); i++) {
				if (this.in.get(i) == '\r' && this.in.get(i + 1) == '\n' && this.in.get(i + 2) == '\r'
						&& this.in.get(i + 3) == '\n') {
					end = i + 4;
					break;
				}
			}
			if (end < 0) {
				if (!this.in.hasRemaining() || this.in.limit() == this.in.capacity()) {
					grow(this.in.capacity() * 2);
				}
				return false;
			}
			String status = StandardCharsets.US_ASCII.decode(this.in.slice(this.in.position(), 12)).toString();
			this.in.position(end);
			if (!status.equals("HTTP/1.1 101")) {
				this.opened.completeExceptionally(new IOException("Handshake refused: " + status));
				closed(1002);
				return false;
			}
			this.upgraded = true;
			this.opened.complete(this);
			return true;
		}

		private void readFrames() throws IOException {
			while (this.in.remaining() >= 2) {
				int start = this.in.position();
				int first = this.in.get(start) & 0xFF;
				int second = this.in.get(start + 1) & 0x7F;
				int header = 2;
				long length = second;
				if (second == 126) {
					if (this.in.remaining() < 4) {
						return;
					}
					length = this.in.getShort(start + 2) & 0xFFFF;
					header = 4;
				}
				else if (second == 127) {
					if (this.in.remaining() < 10) {
						return;
					}
					length = this.in.getLong(start + 2);
					header = 10;
				}
				if (this.in.remaining() < header + length) {
					if (this.in.capacity() < header + length) {
						growForFrame((int) (header + length));
					}
					return;
				}
				int payloadStart = start + header;
				int opcode = first & 0x0F;
				if (opcode == 0x1) {
					LoadClient.this.listener.onText(this, this.in, payloadStart, (int) length);
				}
				else if (opcode == 0x9) {
					byte[] payload = new byte[(int) length];
					this.in.get(payloadStart, payload);
					this.out.add(frame(0x8A, payload));
					flush();
				}
				else if (opcode == 0x8) {
					int code = (length >= 2) ? this.in.getShort(payloadStart) & 0xFFFF : 1005;
					closed(code);
					return;
				}
				this.in.position((int) (payloadStart + length));
			}
		}

		private void growForFrame(int size) {
			int capacity = this.in.capacity();
			while (capacity < size) {
				capacity *= 2;
			}
			grow(capacity);
		}

		private void grow(int capacity) {
			ByteBuffer bigger = ByteBuffer.allocate(capacity);
			bigger.put(this.in);
			bigger.flip();
			this.in = bigger;
		}

		private void closed(int code) {
			if (this.closed) {
				return;
			}
			this.closeCode = code;
			this.closed = true;
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
			this.opened.completeExceptionally(new IOException("Closed with " + code + " before the handshake"));
			LoadClient.this.listener.onClose(this, code);
		}

	}

	/**
	 * One selector and its thread.
	 */
	private final class Loop implements Runnable {

		private final Selector selector;

		private final Queue<Conn> registrations = new ConcurrentLinkedQueue<>();

		private final Queue<Conn> writes = new ConcurrentLinkedQueue<>();

		private volatile boolean running = true;

		private volatile long threadId;

		Loop(int index) throws IOException {
			this.selector = Selector.open();
		}

		void register(Conn conn) {
			this.registrations.add(conn);
			this.selector.wakeup();
		}

		void wakeForWrite(Conn conn) {
			this.writes.add(conn);
			this.selector.wakeup();
		}

		void stop() {
			this.running = false;
			this.selector.wakeup();
		}

		@Override
		public void run() {
			this.threadId = Thread.currentThread().getId();
			List<Conn> all = new ArrayList<>();
			while (this.running) {
				try {
					this.selector.select(100);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
				Conn conn;
				while ((conn = this.registrations.poll()) != null) {
					try {
						conn.key = conn.channel.register(this.selector, SelectionKey.OP_CONNECT, conn);
						all.add(conn);
					}
					catch (IOException ex) {
						conn.closed(1006);
					}
				}
				while ((conn = this.writes.poll()) != null) {
					if (!conn.closed && conn.key != null && conn.channel.isConnected()) {
						try {
							conn.flush();
						}
						catch (IOException ex) {
							conn.closed(1006);
						}
					}
				}
				Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					Conn ready = (Conn) key.attachment();
					try {
						if (!key.isValid()) {
							continue;
						}
						if (key.isConnectable()) {
							ready.onConnectable();
						}
						else {
							if (key.isWritable()) {
								ready.flush();
							}
							if (key.isValid() && key.isReadable() && !ready.paused) {
								ready.onReadable();
							}
						}
					}
					catch (IOException | RuntimeException ex) {
						ready.closed(1006);
					}
				}
			}
			for (Conn conn : all) {
				conn.closed(1000);
			}
			try {
				// a closed channel's socket is released when its selector deregisters it
				this.selector.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}

	}

}
