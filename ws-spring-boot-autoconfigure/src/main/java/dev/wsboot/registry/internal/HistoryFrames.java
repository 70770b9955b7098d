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

package dev.wsboot.registry.internal;

import dev.wsboot.history.HistoryPosition;
import dev.wsboot.protocol.OutboundMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The frames of rooms with history: a broadcast with its position added, and the frame
 * that tells a member a room's position when it joins or recovers.
 *
 * @author wsboot
 */
public final class HistoryFrames {

	private HistoryFrames() {
	}

	/**
	 * Check that a broadcast to a room with history is a JSON object, the only kind of
	 * message its position can be added to.
	 * @param room the room
	 * @param message the message
	 * @throws IllegalArgumentException if it is not
	 */
	public static void checkBroadcast(String room, OutboundMessage message) {
		if (!message.isText() || !isJsonObject(message.text())) {
			throw new IllegalArgumentException("Room '" + room + "' keeps a history: what is sent to it must be a "
					+ "JSON object, such as an Event, to carry its position; not " + message);
		}
	}

	static boolean isJsonObject(String text) {
		int start = 0;
		int end = text.length() - 1;
		while (start <= end && Character.isWhitespace(text.charAt(start))) {
			start++;
		}
		while (end >= start && Character.isWhitespace(text.charAt(end))) {
			end--;
		}
		return end > start && text.charAt(start) == '{' && text.charAt(end) == '}';
	}

	/**
	 * Return a broadcast with its position added: its own fields, then {@code room},
	 * {@code offset} and {@code epoch}, which win over fields of the same names.
	 * @param text the broadcast, a JSON object
	 * @param room the room
	 * @param position the broadcast's position
	 * @return the message to deliver
	 */
	public static OutboundMessage positioned(String text, String room, HistoryPosition position) {
		int end = text.lastIndexOf('}');
		int last = end - 1;
		while (last >= 0 && Character.isWhitespace(text.charAt(last))) {
			last--;
		}
		boolean empty = last >= 0 && text.charAt(last) == '{';
		StringBuilder frame = new StringBuilder(end + room.length() + 64).append(text, 0, end);
		if (!empty) {
			frame.append(',');
		}
		appendPosition(frame, room, position);
		return OutboundMessage.text(frame.append('}').toString());
	}

	/**
	 * Return the frame that tells a member a room's position:
	 * {@code {"type":"position","room":...,"offset":...,"epoch":...}}, with
	 * {@code "recovered"} when the member asked to recover the room.
	 * @param room the room
	 * @param position the room's position
	 * @param recovered whether the recovery was complete, or {@code null} if none was
	 * asked for
	 * @return the frame
	 */
	public static OutboundMessage position(String room, HistoryPosition position, @Nullable Boolean recovered) {
		StringBuilder frame = new StringBuilder(room.length() + 96).append("{\"type\":\"position\",");
		appendPosition(frame, room, position);
		if (recovered != null) {
			frame.append(",\"recovered\":").append(recovered.booleanValue());
		}
		return OutboundMessage.text(frame.append('}').toString());
	}

	/**
	 * Return an error frame of code {@code bad_request}.
	 * @param message what was wrong
	 * @return the frame
	 */
	public static OutboundMessage badRequest(String message) {
		return error("bad_request", message);
	}

	/**
	 * Return an error frame.
	 * @param code the error code
	 * @param message what was wrong
	 * @return the frame
	 */
	public static OutboundMessage error(String code, String message) {
		StringBuilder frame = new StringBuilder(message.length() + 64).append("{\"type\":\"error\",\"code\":\"")
			.append(code)
			.append("\",\"message\":\"");
		JsonStringEncoder.getInstance().quoteAsString(message, frame);
		return OutboundMessage.text(frame.append("\"}").toString());
	}

	private static void appendPosition(StringBuilder frame, String room, HistoryPosition position) {
		frame.append("\"room\":\"");
		JsonStringEncoder.getInstance().quoteAsString(room, frame);
		frame.append("\",\"offset\":").append(position.offset()).append(",\"epoch\":\"").append(position.epoch()).append('"');
	}

}
