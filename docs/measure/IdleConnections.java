/*
 * Opens N idle WebSocket connections to the demo app and keeps them open until Enter
 * (or for the given number of seconds), so that the server's heap can be measured with
 * a class histogram. Single-file program, no dependencies:
 *
 *   java docs/measure/IdleConnections.java ws://localhost:8080/chat/idle?user=u 2000 60
 */
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

public class IdleConnections {

	public static void main(String[] args) throws Exception {
		String uri = args[0];
		int count = Integer.parseInt(args[1]);
		long seconds = (args.length > 2) ? Long.parseLong(args[2]) : 60;
		HttpClient client = HttpClient.newHttpClient();
		List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
		List<WebSocket> open = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			pending.add(client.newWebSocketBuilder().buildAsync(URI.create(uri + i), new WebSocket.Listener() { }));
			if (pending.size() == 100) {
				for (CompletableFuture<WebSocket> future : pending) {
					open.add(future.get(30, TimeUnit.SECONDS));
				}
				pending.clear();
			}
		}
		for (CompletableFuture<WebSocket> future : pending) {
			open.add(future.get(30, TimeUnit.SECONDS));
		}
		System.out.println("OPEN " + open.size());
		Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
		for (WebSocket webSocket : open) {
			webSocket.abort();
		}
	}

}
