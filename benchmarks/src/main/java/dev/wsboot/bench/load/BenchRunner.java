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
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;

import dev.wsboot.bench.load.LoadClient.Conn;
import dev.wsboot.bench.report.LineChart;

/**
 * Runs one benchmark scenario against the starter's bench app and the hand-written
 * baseline, one after the other in the same run with the same JVM flags, and writes the
 * tables and charts to {@code docs/benchmarks/}. Run it with {@code benchmarks/bench}; the
 * scenarios and options are listed in {@code docs/benchmarks.md}.
 *
 * @author wsboot
 */
public final class BenchRunner {

	private static final int CONNECT_WINDOW = 256;

	private static final int CONNECTIONS_PER_SOURCE_ADDRESS = 20_000;

	private final Map<String, String> options;

	private final Path out;

	private final Path logs;

	private final List<String> jvmFlags;

	private final List<Target> targets;

	private final int clientThreads;

	private final AtomicLong seq = new AtomicLong();

	private BenchRunner(Map<String, String> options) {
		this.options = options;
		this.out = Path.of(option("out", "docs/benchmarks"));
		this.logs = Path.of(option("logs", "benchmarks/target/bench-logs"));
		this.jvmFlags = List.of(option("jvm", "-Xms1g -Xmx8g -XX:+UseG1GC").split(" "));
		this.targets = Target.parse(option("targets", "starter,baseline"));
		this.clientThreads = Integer.parseInt(option("client-threads", "1"));
	}

	/**
	 * Run a scenario: {@code fanout}, {@code crossnode}, {@code idle}, {@code rooms} or
	 * {@code slow}, followed by options such as {@code --duration=10}.
	 * @param args the scenario and options
	 * @throws Exception if the scenario fails
	 */
	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			System.err.println("Usage: bench fanout|crossnode|idle|rooms|slow [--option=value ...]");
			System.exit(2);
		}
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 1; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Options look like --name=value, not " + arg);
			}
			options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		BenchRunner runner = new BenchRunner(options);
		switch (args[0]) {
			case "fanout" -> runner.fanout();
			case "crossnode" -> runner.crossNode();
			case "idle" -> runner.idle();
			case "rooms" -> runner.rooms();
			case "slow" -> runner.slowMember();
			default -> throw new IllegalArgumentException("Unknown scenario " + args[0]);
		}
		System.exit(0);
	}

	// ---- scenarios

	private void fanout() throws Exception {
		int receivers = intOption("receivers", 1000);
		int size = intOption("size", 100);
		double[] rates = doublesOption("rates", "20,40,60,80,100,120,150");
		// --redis=true: the same one node, with its rooms in a Redis of the run's own (the
		// cost of the Redis registry when every member is on the publishing node)
		boolean withRedis = Boolean.parseBoolean(option("redis", "false"));
		Map<Target, List<Measurement>> results = new LinkedHashMap<>();
		Files.createDirectories(this.logs);
		for (Target target : this.targets) {
			Deliveries deliveries = new Deliveries(1, size, true);
			try (RedisProcess redis = withRedis ? RedisProcess.start(this.logs) : null;
					ServerProcess server = startServer(target, target.label(),
							(redis != null) ? target.clusterArguments(redis.port()) : List.of());
					LoadClient client = new LoadClient(this.clientThreads, deliveries);
					Scraper scraper = Scraper.of(target, server.port())) {
				List<Conn> room = connect(client, server.port(), receivers + 1, (i) -> "/ws?room=fanout", (i) -> 0);
				Conn publisher = room.get(receivers);
				awaitProbes(publisher, room, size);
				warmUp(List.of(server), client, deliveries, () -> publisher, room.size(), size);
				List<Measurement> steps = new ArrayList<>();
				for (double rate : rates) {
					Measurement step = measure(List.of(server), client, deliveries, rate, () -> publisher, room.size(),
							size, null);
					log(target, "%4.0f msg/s: %s", rate, summary(step, 0));
					steps.add(step);
					if (step.lost() > step.expected() / 2) {
						log(target, "more than half lost: the sweep stops here");
						break;
					}
				}
				checkIntact(target, deliveries);
				if (target == Target.HISTORY && redis != null) {
					log(target, "%s", historyMemory(redis, "fanout"));
				}
				results.put(target, steps);
			}
		}
		writeFanout(results, receivers, size);
	}

	private void crossNode() throws Exception {
		int perNode = intOption("receivers-per-node", 500);
		int size = intOption("size", 100);
		double[] rates = doublesOption("rates", "20,50,80");
		Map<Target, List<Measurement>> results = new LinkedHashMap<>();
		Map<Target, List<Double>> publishes = new LinkedHashMap<>();
		Files.createDirectories(this.logs);
		try (RedisProcess redis = RedisProcess.start(this.logs)) {
			for (Target target : this.targets) {
				redis.cli("FLUSHALL");
				Deliveries deliveries = new Deliveries(2, size, true);
				try (ServerProcess a = startServer(target, target.label() + "-a", target.clusterArguments(redis.port()));
						ServerProcess b = startServer(target, target.label() + "-b",
								target.clusterArguments(redis.port()));
						LoadClient client = new LoadClient(this.clientThreads, deliveries)) {
					List<Conn> room = new ArrayList<>(
							connect(client, a.port(), perNode + 1, (i) -> "/ws?room=cross", (i) -> 0));
					Conn publisher = room.remove(perNode);
					room.addAll(connect(client, b.port(), perNode, (i) -> "/ws?room=cross", (i) -> 1));
					room.add(publisher);
					awaitProbes(publisher, room, size);
					List<ServerProcess> servers = List.of(a, b);
					warmUp(servers, client, deliveries, () -> publisher, room.size(), size);
					List<Measurement> steps = new ArrayList<>();
					List<Double> perBroadcast = new ArrayList<>();
					for (double rate : rates) {
						long[] before = new long[1];
						Measurement step = measure(servers, client, deliveries, rate, () -> publisher, room.size(), size,
								() -> before[0] = callsOrZero(redis));
						double publishCount = callsOrZero(redis) - before[0];
						perBroadcast.add(publishCount / step.sent());
						log(target, "%4.0f msg/s: node A %s | node B %s | %.2f publishes per broadcast", rate,
								summary(step, 0), summary(step, 1), publishCount / step.sent());
						steps.add(step);
					}
					checkIntact(target, deliveries);
					results.put(target, steps);
					publishes.put(target, perBroadcast);
				}
			}
		}
		writeCrossNode(results, publishes, perNode, size);
	}

	private static long callsOrZero(RedisProcess redis) {
		try {
			return redis.calls("publish");
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void idle() throws Exception {
		int count = intOption("connections", 10_000);
		requireOpenFiles(count + 100);
		StringBuilder md = header("Idle memory", "`benchmarks/bench idle`");
		md.append(String.format(Locale.ROOT, "%,d idle connections to one node, in 1,000 rooms of 10. The heap is what the"
				+ " server reports as used after `System.gc()`, before the connections and after; RSS is `VmRSS`.%n%n",
				count));
		md.append("| server | heap before | heap after | heap per connection | RSS before | RSS after | RSS per connection |\n");
		md.append("| --- | --: | --: | --: | --: | --: | --: |\n");
		Map<Target, Double> perConnection = new LinkedHashMap<>();
		for (Target target : this.targets) {
			Deliveries deliveries = new Deliveries(1, 100, false);
			try (ServerProcess server = startServer(target, target.label(), List.of());
					LoadClient client = new LoadClient(this.clientThreads, deliveries)) {
				long heapBefore = server.heapAfterGc();
				long rssBefore = server.rssBytes();
				List<Conn> conns = connect(client, server.port(), count, (i) -> "/ws?room=idle-" + (i % 1000), (i) -> 0);
				Thread.sleep(2000);
				long heapAfter = server.heapAfterGc();
				long rssAfter = server.rssBytes();
				long open = conns.stream().filter(Conn::isOpen).count();
				if (open != count) {
					throw new IllegalStateException(target.label() + ": only " + open + " of " + count + " still open");
				}
				double heapPer = (double) (heapAfter - heapBefore) / count;
				double rssPer = (double) (rssAfter - rssBefore) / count;
				perConnection.put(target, heapPer);
				log(target, "heap %s per connection, RSS %s per connection", kb(heapPer), kb(rssPer));
				md.append(String.format(Locale.ROOT, "| %s | %s | %s | **%s** | %s | %s | %s |%n", target.label(),
						mb(heapBefore), mb(heapAfter), kb(heapPer), mb(rssBefore), mb(rssAfter), kb(rssPer)));
				List<String> histogram = server.classHistogram(intOption("histogram", 30));
				Files.createDirectories(this.out);
				Files.write(this.out.resolve("idle-histogram-" + target.label() + ".txt"), histogram);
			}
		}
		appendRatio(md, "heap per idle connection", perConnection);
		md.append("\nClass histograms of the live heap with the connections open (`jmap -histo:live`): ");
		for (Target target : this.targets) {
			md.append("[").append(target.label()).append("](idle-histogram-").append(target.label()).append(".txt) ");
		}
		md.append("\n");
		write("idle.md", md);
	}

	private void rooms() throws Exception {
		int[] roomCounts = Arrays.stream(doublesOption("rooms", "100,1000,10000")).mapToInt((d) -> (int) d).toArray();
		int members = intOption("members", 5);
		int size = intOption("size", 100);
		double rate = intOption("rate", 2000);
		requireOpenFiles(roomCounts[roomCounts.length - 1] * members + 100);
		Map<Target, List<Measurement>> results = new LinkedHashMap<>();
		for (Target target : this.targets) {
			Deliveries deliveries = new Deliveries(1, size, false);
			try (ServerProcess server = startServer(target, target.label(), List.of());
					LoadClient client = new LoadClient(this.clientThreads, deliveries)) {
				List<Conn> conns = new ArrayList<>();
				List<Measurement> steps = new ArrayList<>();
				Random random = new Random(42);
				for (int rooms : roomCounts) {
					int from = conns.size();
					int to = rooms * members;
					conns.addAll(connect(client, server.port(), to - from, (i) -> "/ws?room=r" + ((from + i) / members),
							(i) -> 0, from));
					awaitRoomProbes(conns, from, members, size);
					Supplier<Conn> sender = () -> conns.get(random.nextInt(to));
					if (steps.isEmpty()) {
						warmUp(List.of(server), client, deliveries, sender, members, size, rate);
					}
					Measurement step = measure(List.of(server), client, deliveries, rate, sender, members, size, null);
					log(target, "%,6d rooms (%,d connections): %s, %.1f us CPU per broadcast", rooms, to,
							summary(step, 0), step.cpuMicrosPerMessage());
					steps.add(step);
				}
				results.put(target, steps);
			}
		}
		writeRooms(results, roomCounts, members, size, rate);
	}

	private void slowMember() throws Exception {
		int receivers = intOption("receivers", 100);
		// under the 8 KB that Tomcat lets the baseline take in one message by default
		int size = intOption("size", 8000);
		double rate = intOption("rate", 100);
		double seconds = intOption("duration", 30);
		StringBuilder md = header("A slow member", "`benchmarks/bench slow`");
		md.append(String.format(Locale.ROOT, "One room of %d receivers that read everything, one that stops reading"
				+ " (its socket fills up), and one publisher sending %,d-byte messages at %.0f/s for %.0f s. Latency and"
				+ " loss of the healthy receivers and the publisher; the slow member is not counted. After the run the"
				+ " slow member reads again, to see whether the server closed it.%n%n", receivers,
				size, rate, seconds));
		md.append("| server | delivered to the healthy | lost | p50 ms | p99 ms | max ms | the slow member |\n");
		md.append("| --- | --: | --: | --: | --: | --: | --- |\n");
		for (Target target : this.targets) {
			Deliveries deliveries = new Deliveries(2, size, true);
			try (ServerProcess server = startServer(target, target.label(), List.of());
					LoadClient client = new LoadClient(this.clientThreads, deliveries)) {
				List<Conn> room = new ArrayList<>(
						connect(client, server.port(), receivers + 1, (i) -> "/ws?room=slow", (i) -> 0));
				Conn slow = connect(client, server.port(), 1, (i) -> "/ws?room=slow", (i) -> 1).get(0);
				Conn publisher = room.get(receivers);
				room.add(slow);
				awaitProbes(publisher, room, size);
				room.remove(slow);
				slow.pauseReading(true);
				Measurement step = measure(List.of(server), client, deliveries, rate, () -> publisher, room.size(), size,
						null, seconds);
				long healthy = deliveries.measured(0);
				long expected = step.sent() * room.size();
				// read again: what the server sent, then its close frame or the end of the stream
				slow.pauseReading(false);
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
				while (slow.isOpen() && System.nanoTime() < deadline) {
					Thread.sleep(50);
				}
				String slowFate = slow.isOpen() ? "still open after the run"
						: "closed by the server (" + slow.closeCode() + ")";
				log(target, "healthy: %s; slow member %s", summary(step, 0), slowFate);
				md.append(String.format(Locale.ROOT, "| %s | %,d of %,d | %,d | %.1f | %.1f | %.1f | %s |%n",
						target.label(), healthy, expected, Math.max(0, expected - healthy), step.millis(0, 50),
						step.millis(0, 99), step.maxMillis(0), slowFate));
			}
		}
		write("slow.md", md);
	}

	/**
	 * Fail at once, saying why, when the load generator (and so the server, started with
	 * the same limit) may not open enough sockets.
	 */
	private static void requireOpenFiles(long needed) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
			if (line.startsWith("Max open files")) {
				String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
				if (!"unlimited".equals(soft) && Long.parseLong(soft) < needed) {
					throw new IllegalStateException("This needs " + needed + " open files per process and the limit here"
							+ " is " + soft + " (ulimit -n; the bench script raises it as far as the hard limit"
							+ " allows): raise the limit or ask for fewer connections");
				}
			}
		}
	}

	// ---- steps

	private void warmUp(List<ServerProcess> servers, LoadClient client, Deliveries deliveries, Supplier<Conn> sender,
			int members, int size) throws Exception {
		warmUp(servers, client, deliveries, sender, members, size, 50);
	}

	private void warmUp(List<ServerProcess> servers, LoadClient client, Deliveries deliveries, Supplier<Conn> sender,
			int members, int size, double rate) throws Exception {
		int seconds = intOption("jit-warmup", 10);
		if (seconds > 0) {
			measure(servers, client, deliveries, rate, sender, members, size, null, seconds);
		}
	}

	private Measurement measure(List<ServerProcess> servers, LoadClient client, Deliveries deliveries, double rate,
			Supplier<Conn> sender, int members, int size, Runnable beforeMeasured) throws Exception {
		return measure(servers, client, deliveries, rate, sender, members, size, beforeMeasured,
				intOption("duration", 10));
	}

	private Measurement measure(List<ServerProcess> servers, LoadClient client, Deliveries deliveries, double rate,
			Supplier<Conn> sender, int members, int size, Runnable beforeMeasured, double seconds) throws Exception {
		Pacer.run(rate, intOption("warmup", 2), (i) -> sender.get().sendText(payload('W', size)));
		Thread.sleep(500);
		deliveries.reset();
		if (beforeMeasured != null) {
			beforeMeasured.run();
		}
		double cpuBefore = cpu(servers);
		long clientBefore = client.cpuNanos();
		long start = System.nanoTime();
		long sent = Pacer.run(rate, seconds, (i) -> sender.get().sendText(payload('M', size)));
		long expected = sent * members;
		long last = -1;
		long lastChange = System.nanoTime();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			long received = deliveries.measuredTotal();
			if (received >= expected) {
				break;
			}
			if (received != last) {
				last = received;
				lastChange = System.nanoTime();
			}
			else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(3)) {
				break;
			}
			Thread.sleep(20);
		}
		long end = System.nanoTime();
		double serverCpu = cpu(servers) - cpuBefore;
		double clientShare = (double) (client.cpuNanos() - clientBefore) / (end - start) / this.clientThreads;
		Histogram[] latency = new Histogram[2];
		latency[0] = deliveries.latency(0);
		try {
			latency[1] = deliveries.latency(1);
		}
		catch (ArrayIndexOutOfBoundsException ex) {
			latency = new Histogram[] { latency[0] };
		}
		return new Measurement(rate, sent, expected, deliveries.measuredTotal(), seconds, latency, serverCpu,
				clientShare, deliveries.closes());
	}

	private byte[] payload(char kind, int size) {
		return Payloads.build(kind, this.seq.incrementAndGet(), size);
	}

	private static double cpu(List<ServerProcess> servers) throws IOException {
		double total = 0;
		for (ServerProcess server : servers) {
			total += server.cpuSeconds();
		}
		return total;
	}

	private void awaitProbes(Conn publisher, List<Conn> room, int size) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (room.stream().anyMatch((conn) -> conn.probes == 0)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						room.stream().filter((conn) -> conn.probes == 0).count() + " members never got a probe");
			}
			publisher.sendText(payload('P', size));
			Thread.sleep(200);
		}
		Thread.sleep(500);
	}

	private void awaitRoomProbes(List<Conn> conns, int from, int members, int size) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		for (int round = 0;; round++) {
			List<Integer> pending = new ArrayList<>();
			for (int first = from; first < conns.size(); first += members) {
				for (int i = first; i < first + members; i++) {
					if (conns.get(i).probes == 0) {
						pending.add(first);
						break;
					}
				}
			}
			if (pending.isEmpty()) {
				break;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(pending.size() + " rooms never got their probes");
			}
			for (int first : pending) {
				conns.get(first).sendText(payload('P', size));
				if (round == 0) {
					Thread.onSpinWait();
				}
			}
			Thread.sleep(500);
		}
		Thread.sleep(500);
	}

	/**
	 * What a room's history takes in Redis: the stream's {@code MEMORY USAGE} over its
	 * length, and the position hash.
	 */
	private static String historyMemory(RedisProcess redis, String room) throws Exception {
		String stream = redis.cli("--scan", "--pattern", "*:history:" + room).strip();
		String hash = redis.cli("--scan", "--pattern", "*:history-position:" + room).strip();
		long entries = Long.parseLong(redis.cli("XLEN", stream).strip());
		long streamBytes = Long.parseLong(redis.cli("MEMORY", "USAGE", stream, "SAMPLES", "0").strip());
		long hashBytes = Long.parseLong(redis.cli("MEMORY", "USAGE", hash).strip());
		return String.format(Locale.ROOT,
				"history in Redis: %,d messages in %,d bytes (%,d per stored message, payload included), position %,d bytes",
				entries, streamBytes, (entries > 0) ? streamBytes / entries : 0, hashBytes);
	}

	private void checkIntact(Target target, Deliveries deliveries) {
		if (deliveries.corrupt() > 0 || deliveries.outOfOrder() > 0) {
			throw new IllegalStateException(target.label() + ": " + deliveries.corrupt() + " frames changed and "
					+ deliveries.outOfOrder() + " out of order");
		}
	}

	// ---- connections and servers

	private List<Conn> connect(LoadClient client, int port, int count, IntFunction<String> target,
			IntUnaryOperator group) throws Exception {
		return connect(client, port, count, target, group, 0);
	}

	private List<Conn> connect(LoadClient client, int port, int count, IntFunction<String> target,
			IntUnaryOperator group, int offset) throws Exception {
		InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
		List<Conn> conns = new ArrayList<>(count);
		Deque<CompletableFuture<Conn>> pending = new ArrayDeque<>();
		for (int i = 0; i < count; i++) {
			int index = offset + i;
			// one local address has some 28,000 ephemeral ports: spread over 127.0.0.x
			InetSocketAddress local = new InetSocketAddress("127.0.0." + (2 + index / CONNECTIONS_PER_SOURCE_ADDRESS), 0);
			Conn conn = client.connect(server, local, target.apply(i), group.applyAsInt(i));
			conns.add(conn);
			pending.add(conn.opened());
			if (pending.size() >= CONNECT_WINDOW) {
				pending.poll().get(60, TimeUnit.SECONDS);
			}
		}
		for (CompletableFuture<Conn> opened : pending) {
			opened.get(60, TimeUnit.SECONDS);
		}
		return conns;
	}

	private ServerProcess startServer(Target target, String name, List<String> args) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> all = new ArrayList<>(args);
		all.addAll(target.arguments());
		String extra = option(target.label() + "-args", "");
		if (!extra.isBlank()) {
			// application properties for one target only, such as --starter-args="--ws.x=y"
			all.addAll(List.of(extra.trim().split("\\s+")));
		}
		return ServerProcess.start(name, target.mainClass(), target.classPath(), port, this.jvmFlags, all, this.logs);
	}

	// ---- reports

	private void writeFanout(Map<Target, List<Measurement>> results, int receivers, int size) throws IOException {
		StringBuilder md = header("Fan-out", "`benchmarks/bench fanout`");
		md.append(String.format(Locale.ROOT, "One node, one room of %,d receivers and the publisher (%,d deliveries per"
				+ " message, the publisher's own included), %d-byte messages, each rate sent for %s s after %s s of"
				+ " warm-up. Latency is from the send to the receipt, in ms. CPU is the server's user + system time"
				+ " per million deliveries, in seconds.%n%n", receivers, receivers + 1, size, option("duration", "10"),
				option("warmup", "2")));
		Target first = this.targets.get(0);
		Target second = (this.targets.size() > 1) ? this.targets.get(1) : null;
		if (second != null) {
			md.append("| msg/s | p99 ").append(first.label()).append(" | p99 ").append(second.label())
				.append(" | ratio | CPU ").append(first.label()).append(" | CPU ").append(second.label())
				.append(" | ratio |\n| --: | --: | --: | --: | --: | --: | --: |\n");
			List<Measurement> a = results.get(first);
			List<Measurement> b = results.get(second);
			for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
				Measurement x = (i < a.size()) ? a.get(i) : null;
				Measurement y = (i < b.size()) ? b.get(i) : null;
				double rate = (x != null) ? x.rate() : y.rate();
				md.append(String.format(Locale.ROOT, "| %.0f | %s | %s | %s | %s | %s | %s |%n", rate,
						(x != null) ? p99Cell(x, 0) : "-", (y != null) ? p99Cell(y, 0) : "-",
						(x != null && y != null) ? ratio(x.millis(0, 99), y.millis(0, 99)) : "-",
						(x != null) ? fixed(x.cpuPerMillion()) : "-", (y != null) ? fixed(y.cpuPerMillion()) : "-",
						(x != null && y != null) ? ratio(x.cpuPerMillion(), y.cpuPerMillion()) : "-"));
			}
			md.append("\n");
		}
		md.append("Highest rate sustained (nothing lost, p99 under 100 ms): ");
		for (Target target : this.targets) {
			double best = results.get(target).stream().filter(Measurement::sustained).mapToDouble(Measurement::rate)
				.max().orElse(0);
			md.append(String.format(Locale.ROOT, "%s **%.0f msg/s**; ", target.label(), best));
		}
		md.append("\n\n");
		detailTable(md, results, 0);
		LineChart latency = new LineChart("Fan-out to " + receivers + " receivers: latency (p99 solid, p50 dashed)", "messages per second",
				"latency (ms, log scale)", true);
		LineChart cpu = new LineChart("Fan-out to " + receivers + " receivers: server CPU per delivery",
				"messages per second", "CPU seconds per million deliveries", false);
		int colour = 0;
		for (Map.Entry<Target, List<Measurement>> entry : results.entrySet()) {
			double[] x = entry.getValue().stream().mapToDouble(Measurement::rate).toArray();
			latency.add(entry.getKey().label() + " p99", LineChart.PALETTE[colour], false, x,
					entry.getValue().stream().mapToDouble((m) -> m.millis(0, 99)).toArray());
			latency.add(entry.getKey().label() + " p50", LineChart.PALETTE[colour], true, x,
					entry.getValue().stream().mapToDouble((m) -> m.millis(0, 50)).toArray());
			cpu.add(entry.getKey().label(), LineChart.PALETTE[colour], false, x,
					entry.getValue().stream().mapToDouble(Measurement::cpuPerMillion).toArray());
			colour++;
		}
		latency.render(this.out.resolve("fanout-latency.png"));
		cpu.render(this.out.resolve("fanout-cpu.png"));
		// the links are relative to docs/, where benchmarks.md includes this table
		String images = this.out.toString().startsWith("docs/") ? this.out.toString().substring(5) : this.out.toString();
		md.append("\n![p99 and p50 latency against rate](" + images + "/fanout-latency.png)\n");
		md.append("![server CPU per million deliveries against rate](" + images + "/fanout-cpu.png)\n");
		write("fanout.md", md);
	}

	private void writeCrossNode(Map<Target, List<Measurement>> results, Map<Target, List<Double>> publishes,
			int perNode, int size) throws IOException {
		StringBuilder md = header("Cross-node", "`benchmarks/bench crossnode`");
		md.append(String.format(Locale.ROOT, "Two nodes on one Redis (a `redis-server` of the run's own), %,d receivers"
				+ " on each, the publisher on node A (%,d deliveries per message), %d-byte messages. Latency in ms;"
				+ " CPU is both nodes' per million deliveries; publishes are Redis `PUBLISH` calls per message"
				+ " (`INFO commandstats`).%n%n", perNode, 2 * perNode + 1, size));
		md.append("| server | msg/s | A p50 | A p99 | B p50 | B p99 | B p50 − A p50 | publishes per message | lost | CPU |\n");
		md.append("| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |\n");
		for (Map.Entry<Target, List<Measurement>> entry : results.entrySet()) {
			List<Double> perBroadcast = publishes.get(entry.getKey());
			for (int i = 0; i < entry.getValue().size(); i++) {
				Measurement m = entry.getValue().get(i);
				md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %,d | %s |%n",
						entry.getKey().label(), m.rate(), m.millis(0, 50), m.millis(0, 99), m.millis(1, 50),
						m.millis(1, 99), m.millis(1, 50) - m.millis(0, 50), perBroadcast.get(i), m.lost(),
						fixed(m.cpuPerMillion())));
			}
		}
		write("crossnode.md", md);
	}

	private void writeRooms(Map<Target, List<Measurement>> results, int[] roomCounts, int members, int size,
			double rate) throws IOException {
		StringBuilder md = header("Many rooms", "`benchmarks/bench rooms`");
		md.append(String.format(Locale.ROOT, "Rooms of %d members, all connected to one node; %.0f broadcasts a second,"
				+ " each from a random member of a random room, %d-byte messages. The rooms are added to the same"
				+ " server between steps. CPU is the server's per broadcast, in µs.%n%n", members, rate, size));
		md.append("| rooms | connections |");
		for (Target target : this.targets) {
			md.append(" ").append(target.label()).append(" CPU µs | ").append(target.label()).append(" p99 ms | ")
				.append(target.label()).append(" lost |");
		}
		md.append("\n| --: | --: |").append(" --: | --: | --: |".repeat(this.targets.size())).append("\n");
		for (int i = 0; i < roomCounts.length; i++) {
			md.append(String.format(Locale.ROOT, "| %,d | %,d |", roomCounts[i], roomCounts[i] * members));
			for (Target target : this.targets) {
				List<Measurement> steps = results.get(target);
				if (i < steps.size()) {
					Measurement m = steps.get(i);
					md.append(String.format(Locale.ROOT, " %.1f | %.2f | %,d |", m.cpuMicrosPerMessage(), m.millis(0, 99),
							m.lost()));
				}
				else {
					md.append(" - | - | - |");
				}
			}
			md.append("\n");
		}
		write("rooms.md", md);
	}

	private void detailTable(StringBuilder md, Map<Target, List<Measurement>> results, int group) {
		md.append("| server | msg/s | deliveries/s | lost | p50 | p90 | p99 | max | CPU s / M | client thread busy |\n");
		md.append("| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |\n");
		for (Map.Entry<Target, List<Measurement>> entry : results.entrySet()) {
			for (Measurement m : entry.getValue()) {
				md.append(String.format(Locale.ROOT, "| %s | %.0f | %,.0f | %,d | %.2f | %.2f | %.2f | %.1f | %s | %.0f%%%s |%n",
						entry.getKey().label(), m.rate(), m.deliveriesPerSecond(), m.lost(), m.millis(group, 50),
						m.millis(group, 90), m.millis(group, 99), m.maxMillis(group), fixed(m.cpuPerMillion()),
						m.clientCpuShare() * 100, m.clientBound() ? " (client-bound)" : ""));
			}
		}
	}

	private StringBuilder header(String title, String command) throws IOException {
		StringBuilder md = new StringBuilder();
		md.append("<!-- written by ").append(command.replace("`", "")).append(" -->\n");
		md.append("### ").append(title).append("\n\n");
		md.append("Run ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE))
			.append(" with ").append(command).append(" ").append(String.join(" ", optionList())).append("; ")
			.append(Environment.describe()).append("; server JVM flags `").append(String.join(" ", this.jvmFlags))
			.append("`.\n\n");
		return md;
	}

	private List<String> optionList() {
		List<String> list = new ArrayList<>();
		this.options.forEach((name, value) -> list.add("`--" + name + "=" + value + "`"));
		return list;
	}

	private void appendRatio(StringBuilder md, String what, Map<Target, Double> values) {
		if (values.size() == 2) {
			List<Double> list = new ArrayList<>(values.values());
			md.append(String.format(Locale.ROOT, "%nRatio of %s, %s to %s: **%s**.%n", what, this.targets.get(0).label(),
					this.targets.get(1).label(), ratio(list.get(0), list.get(1))));
		}
	}

	private void write(String name, StringBuilder md) throws IOException {
		Files.createDirectories(this.out);
		Files.writeString(this.out.resolve(name), md);
		System.out.println();
		System.out.println(md);
		System.out.println("Written to " + this.out.resolve(name));
	}

	private static String p99Cell(Measurement m, int group) {
		String cell = String.format(Locale.ROOT, "%.2f", m.millis(group, 99));
		return (m.lost() > 0) ? cell + " (lost " + m.lost() + ")" : cell;
	}

	private static String ratio(double a, double b) {
		return (b > 0) ? String.format(Locale.ROOT, "%.2f", a / b) : "-";
	}

	private static String fixed(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}

	private static String kb(double bytes) {
		return String.format(Locale.ROOT, "%.1f KB", bytes / 1024);
	}

	private static String mb(long bytes) {
		return String.format(Locale.ROOT, "%.0f MB", bytes / 1024.0 / 1024);
	}

	private static String summary(Measurement m, int group) {
		return String.format(Locale.ROOT,
				"%,.0f deliveries/s, lost %,d, p50 %.2f ms, p99 %.2f ms, max %.1f ms, CPU %.2f s/M, client %.0f%%",
				m.deliveriesPerSecond(), m.lost(), m.millis(group, 50), m.millis(group, 99), m.maxMillis(group),
				m.cpuPerMillion(), m.clientCpuShare() * 100);
	}

	private static void log(Target target, String format, Object... args) {
		System.out.println("[" + target.label() + "] " + String.format(Locale.ROOT, format, args));
	}

	private String option(String name, String fallback) {
		return this.options.getOrDefault(name, fallback);
	}

	private int intOption(String name, int fallback) {
		return Integer.parseInt(option(name, Integer.toString(fallback)));
	}

	private double[] doublesOption(String name, String fallback) {
		return Arrays.stream(option(name, fallback).split(",")).mapToDouble(Double::parseDouble).toArray();
	}

}
