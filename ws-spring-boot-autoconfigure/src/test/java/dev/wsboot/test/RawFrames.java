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


package dev.wsboot.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes RFC 6455 frames by hand on an upgraded socket, with any FIN, RSV, opcode, mask
 * and declared length, and reads what the server answers. It never answers pings.
 *
 * @author wsboot
 */
public final class RawFrames implements AutoCloseable {

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	private RawFrames(Socket socket) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.in = socket.getInputStream();
	}

	/**
	 * Upgrade a connection to drive by hand.
	 * @param port the server port
	 * @param target the request target
	 * @return the frames writer
	 * @throws IOException if the upgrade fails
	 */
	public static RawFrames open(int port, String target) throws IOException {
		return new RawFrames(RawHandshake.open(port, target));
	}

	/**
	 * Upgrade a connection with extra handshake headers, such as an extension offer.
	 * @param port the server port
	 * @param target the request target
	 * @param headers the extra header lines
	 * @return the frames writer
	 * @throws IOException if the upgrade fails
	 */
	public static RawFrames open(int port, String target, String... headers) throws IOException {
		return new RawFrames(RawHandshake.open(port, target, headers));
	}

	/**
	 * Write a masked frame whose declared length is the payload length.
	 * @param fin the FIN bit
	 * @param rsv the three RSV bits
	 * @param opcode the opcode
	 * @param payload the payload
	 * @return this writer
	 * @throws IOException on a write failure
	 */
	public RawFrames frame(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
		return frame(fin, rsv, opcode, true, payload.length, payload);
	}

	/**
	 * Write a frame with any header.
	 * @param fin the FIN bit
	 * @param rsv the three RSV bits
	 * @param opcode the opcode
	 * @param masked whether to set the mask bit and mask the payload
	 * @param declaredLength the length written in the header
	 * @param payload the payload actually written
	 * @return this writer
	 * @throws IOException on a write failure
	 */
	public RawFrames frame(boolean fin, int rsv, int opcode, boolean masked, long declaredLength, byte[] payload)
			throws IOException {
		this.out.write(encode(fin, rsv, opcode, masked, declaredLength, payload));
		this.out.flush();
		return this;
	}

	/**
	 * Write several frames in one write, so that the server reads them together.
	 * @param frames the encoded frames
	 * @return this writer
	 * @throws IOException on a write failure
	 */
	public RawFrames together(byte[]... frames) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] frame : frames) {
			all.write(frame);
		}
		this.out.write(all.toByteArray());
		this.out.flush();
		return this;
	}

	/**
	 * Encode a masked frame.
	 * @param fin the FIN bit
	 * @param rsv the three RSV bits
	 * @param opcode the opcode
	 * @param payload the payload
	 * @return the frame's bytes
	 */
	public static byte[] encode(boolean fin, int rsv, int opcode, byte[] payload) {
		return encode(fin, rsv, opcode, true, payload.length, payload);
	}

	private static byte[] encode(boolean fin, int rsv, int opcode, boolean masked, long declaredLength,
			byte[] payload) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xf));
		int mask = masked ? 0x80 : 0;
		if (declaredLength >= 0 && declaredLength < 126) {
			frame.write(mask | (int) declaredLength);
		}
		else if (declaredLength >= 0 && declaredLength < 65536) {
			frame.write(mask | 126);
			frame.write((int) (declaredLength >> 8) & 0xff);
			frame.write((int) declaredLength & 0xff);
		}
		else {
			frame.write(mask | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (declaredLength >>> shift) & 0xff);
			}
		}
		byte[] key = new byte[4];
		ThreadLocalRandom.current().nextBytes(key);
		if (masked) {
			frame.writeBytes(key);
		}
		for (int i = 0; i < payload.length; i++) {
			frame.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
		}
		return frame.toByteArray();
	}

	/**
	 * Read frames until a text frame that contains a string.
	 * @param containing the string
	 * @param timeoutMillis how long to wait
	 * @return the text
	 * @throws IOException if the connection ends or nothing comes in time
	 */
	public String awaitText(String containing, int timeoutMillis) throws IOException {
		this.socket.setSoTimeout(timeoutMillis);
		while (true) {
			int first = this.in.read();
			if (first < 0) {
				throw new IOException("The connection ended before a text containing '" + containing + "'");
			}
			byte[] payload = readPayload();
			if ((first & 0x0f) == 0x1) {
				String text = new String(payload, StandardCharsets.UTF_8);
				if (text.contains(containing)) {
					return text;
				}
			}
		}
	}

	private byte[] readPayload() throws IOException {
		int second = this.in.read();
		long length = second & 0x7f;
		if (length == 126) {
			length = (this.in.read() << 8) | this.in.read();
		}
		else if (length == 127) {
			length = 0;
			for (int i = 0; i < 8; i++) {
				length = (length << 8) | this.in.read();
			}
		}
		return this.in.readNBytes((int) length);
	}

	/**
	 * Read frames until the server's close frame or the end of the stream.
	 * @param timeoutMillis how long to wait
	 * @return the close code, 1006 when the connection ended without a close frame, or
	 * -1 if nothing ended within the time
	 * @throws IOException on a read failure
	 */
	public int awaitClose(int timeoutMillis) throws IOException {
		return readUntilClose(timeoutMillis).code();
	}

	/**
	 * Read frames until the server's close frame or the end of the stream, keeping the
	 * text frames.
	 * @param timeoutMillis how long to wait
	 * @return the texts received, in order, and the close code as {@link #awaitClose}
	 * gives it
	 * @throws IOException on a read failure
	 */
	public Received readUntilClose(int timeoutMillis) throws IOException {
		this.socket.setSoTimeout(timeoutMillis);
		List<String> texts = new ArrayList<>();
		return new Received(texts, readUntilClose(texts));
	}

	private int readUntilClose(List<String> texts) throws IOException {
		try {
			while (true) {
				int first = this.in.read();
				if (first < 0) {
					return 1006;
				}
				byte[] payload = readPayload();
				if ((first & 0x0f) == 0x1) {
					texts.add(new String(payload, StandardCharsets.UTF_8));
				}
				if ((first & 0x0f) == 0x8) {
					return (payload.length >= 2) ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			return -1;
		}
		catch (IOException ex) {
			return 1006;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * What a client read until the connection closed.
	 * @param texts the text frames, in order
	 * @param code the close code, 1006 when the connection ended without a close frame,
	 * or -1 if nothing ended in time
	 */
	public record Received(List<String> texts, int code) {
	}

}
