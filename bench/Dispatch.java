import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.core.config.SourceFile;
import io.shiplock.server.ServerSettings;
import io.shiplock.server.ShiplockServer;
import io.shiplock.server.sources.SourceAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/dispatch: N simulated agents speak the real agent protocol over loopback to a real server
 * (in this JVM), and run no-op steps: each takes its work and reports success at once. R requests
 * of M steps each (one request per agent, on its own environment) give R*M step completions.
 *
 * <p>Measures dispatch latency (the step's dispatch in the server to the agent holding it: the
 * payload carries the dispatch time) and step completions per minute.
 *
 * <p>Run: bench/dispatch.sh [agents] [steps] [jdbc-url]
 */
public class Dispatch {
  static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    int agents = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String db = args.length > 2 && !args[2].isBlank() ? args[2] : null;
    Path home = Files.createTempDirectory("shiplock-bench");
    ServerSettings settings = new ServerSettings("127.0.0.1", 0, home, db, null, null, "bench", SourceAccess.defaults());
    try (ShiplockServer server = ShiplockServer.start(settings, poolSize())) {
      String base = "http://127.0.0.1:" + server.port();
      server.config().apply(List.of(new SourceFile("bench.yaml", config(agents, steps))), false);
      String admin = server.auth().issue(1, "bench", null).token();
      java.util.function.Supplier<Http> connect = Http.connector(base, server.port());
      Http adminHttp = connect.get();
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < agents; i++) {
        tokens.add(call(adminHttp, admin, "POST", "/api/v1/agents/a" + i + "/tokens", "{}").get("token").asText());
      }
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      AtomicLong completions = new AtomicLong();
      long total = (long) agents * steps;
      java.util.concurrent.atomic.AtomicReference<CountDownLatch> done = new java.util.concurrent.atomic.AtomicReference<>(new CountDownLatch(1));
      CountDownLatch ready = new CountDownLatch(agents);
      for (int i = 0; i < agents; i++) {
        String token = tokens.get(i);
        Http http = connect.get();
        Thread.ofVirtual().start(() -> agent(http, token, latencies, completions, total, done, ready));
      }
      ready.await();
      System.out.printf("store %s, %d agents connected; next step %s; agents' HTTP client: %s%n", server.store().dialect(), agents,
          NEXT_IN_ANSWER ? "in the result's answer" : "by a poll (BENCH_NEXT_IN_ANSWER=0)",
          Http.JDK ? "the JDK's (BENCH_HTTP=jdk)" : "one kept-alive socket each");
      // 1. Latency: with every agent connected and polling, one request at a time (after a warm-up),
      // so the figure is the dispatch path itself, not a queue behind a saturated CPU.
      int sequential = Math.min(agents, 60);
      for (int i = 0; i < sequential; i++) {
        if (i == 10) latencies.clear(); // the first requests warm the JIT up
        // Wait for the request's last result in memory, then confirm its end with one read: a
        // read of the store every millisecond (as until 2026-12-02) was a thousand transactions a
        // second of the bench's own, on the CPU the dispatch path is measured on.
        long ended = completions.get() + steps;
        long id = server.engine().submit("Bench", "e" + (i * 7919 % agents), "run", Map.of(), Map.of(), "admin");
        while (completions.get() < ended) Thread.sleep(1);
        while (!server.store().read(r -> r.runs().find(id)).orElseThrow().state().isTerminal()) Thread.sleep(1);
      }
      long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf("dispatch latency, one request at a time: p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d steps)%n",
          pct(l, 0.50) / 1000.0, pct(l, 0.99) / 1000.0, l[l.length - 1] / 1000.0, l.length);
      // 2. Throughput: a request on every agent at once, in rounds. The first round warms the
      // server up under load (the JIT compiles the hot paths for a third of a CPU during it), so the
      // figure of each round is printed and the last is the steady state.
      for (int round = 1; round <= ROUNDS; round++) {
        latencies.clear();
        completions.set(0);
        BUSY.set(0);
        CountDownLatch finished = new CountDownLatch(1);
        done.set(finished);
        long t0 = System.nanoTime();
        for (int i = 0; i < agents; i++) server.engine().submit("Bench", "e" + i, "run", Map.of(), Map.of(), "admin");
        finished.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("throughput round %d of %d, %d requests x %d steps at once: %d completions in %.1f s = %.0f per minute%n",
            round, ROUNDS, agents, steps, completions.get(), seconds, completions.get() / seconds * 60);
        System.out.printf("  dispatch latency under that load: p50 %.1f ms, p99 %.1f ms; calls answered 503 (busy) and retried: %d%n", pct(l, 0.50) / 1000.0, pct(l, 0.99) / 1000.0, BUSY.get());
      }
      Runtime.getRuntime().halt(0); // agents still hold polls open; no orderly goodbye needed
    }
  }

  static final int ROUNDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "2"));

  /** The server's database pool as a deployment sets it ($SHIPLOCK_DB_POOL_SIZE), nothing else. */
  static Map<String, String> poolSize() {
    String n = System.getenv("SHIPLOCK_DB_POOL_SIZE");
    return n == null ? Map.of() : Map.of("SHIPLOCK_DB_POOL_SIZE", n);
  }

  static final boolean NEXT_IN_ANSWER = !"0".equals(System.getenv("BENCH_NEXT_IN_ANSWER"));

  static long pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
  }

  static void agent(Http http, String token, ConcurrentLinkedQueue<Long> latencies, AtomicLong completions,
      long total, java.util.concurrent.atomic.AtomicReference<CountDownLatch> done, CountDownLatch ready) {
    try {
      call(http, token, "POST", "/api/v1/agent/hello", "{\"host\": \"bench\", \"version\": \"bench\", \"instance\": \"" + java.util.UUID.randomUUID() + "\"}");
      ready.countDown();
      while (true) {
        JsonNode answer = call(http, token, "GET", "/api/v1/agent/work?wait=5", null);
        // As the real agent: each result asks for the agent's next work in its answer, and what
        // comes there runs before the next poll (BENCH_NEXT_IN_ANSWER=0: the agent before it).
        java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
        answer.path("work").forEach(todo::add);
        while (!todo.isEmpty()) {
          JsonNode w = todo.poll();
          Instant now = Instant.now();
          latencies.add(now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000 - w.get("dispatchedAtMicros").asLong());
          String result = "{\"attempt\": " + w.get("attempt").asInt() + ", \"state\": \"SUCCEEDED\", \"outputs\": {}"
              + (NEXT_IN_ANSWER ? ", \"next\": true}" : "}");
          JsonNode answered = call(http, token, "POST", "/api/v1/agent/steps/" + w.get("stepId").asLong() + "/result", result);
          answered.path("work").forEach(todo::add);
          if (completions.incrementAndGet() == total) done.get().countDown();
        }
      }
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  /**
   * As the real agent does: a connection the server closed is retried, once per attempt, and a
   * 503 (a node whose connections are all busy) after its Retry-After.
   */
  static JsonNode call(Http http, String token, String method, String path, String body) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        Wire.Answer a = http.send(token, method, path, body);
        return answer(a.status(), a.body(), method, path);
      } catch (java.io.IOException e) {
        if (attempt >= 5) throw e;
      } catch (Busy e) {
        BUSY.incrementAndGet();
        if (attempt >= 20) throw e;
        Thread.sleep(2_000);
      }
    }
  }

  static final AtomicLong BUSY = new AtomicLong();

  static final class Busy extends RuntimeException {
    Busy(String m) {
      super(m);
    }
  }

  /**
   * One simulated agent's way to the server: bench/Wire.java, one kept-alive socket per agent; or
   * with BENCH_HTTP=jdk the JDK's HttpClient, the bench's client until 2026-12-02.
   */
  interface Http {
    boolean JDK = "jdk".equals(System.getenv("BENCH_HTTP"));

    Wire.Answer send(String token, String method, String path, String body) throws Exception;

    static java.util.function.Supplier<Http> connector(String base, int port) {
      if (!JDK) return () -> new Wire(port)::send;
      HttpClient client = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build();
      return () -> (token, method, path, body) -> {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Wire.Answer(r.statusCode(), r.body());
      };
    }
  }

  static JsonNode answer(int status, String body, String method, String path) throws Exception {
    if (status == 503) throw new Busy(method + " " + path + ": " + body);
    if (status >= 400) throw new IllegalStateException(method + " " + path + ": " + status + " " + body);
    return JSON.readTree(body);
  }

  static String config(int agents, int steps) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < agents; i++) sb.append("kind: Agent\nname: a").append(i).append("\n---\n");
    sb.append("kind: Component\nname: Noop\nprocesses:\n  - name: run\n    steps:\n");
    for (int s = 0; s < steps; s++) sb.append("      - {name: s").append(s).append(", type: shell, with: {argv: [\"true\"]}}\n");
    sb.append("---\nkind: Application\nname: Bench\ncomponents: [Noop]\nprocesses:\n");
    sb.append("  - {name: run, steps: [{name: run, type: component.run, with: {component: Noop, process: run}}]}\n");
    for (int i = 0; i < agents; i++) {
      sb.append("---\nkind: Environment\napplication: Bench\nname: e").append(i)
          .append("\nresources:\n  - agent: a").append(i).append("\n    children: [{component: Noop}]\n");
    }
    return sb.toString();
  }
}
