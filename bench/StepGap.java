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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/step-gap: where the time goes between one step's end and the next step's start, on the
 * critical path of a pipeline (issue 18). One simulated agent speaks the real protocol as the real
 * agent does: a poll always waiting, each result posted from its own thread while the poll waits.
 * Requests of M no-op steps run one after another on a real server in this JVM (the embedded store
 * unless a JDBC URL is given). Per step boundary it records, with the server's own timers:
 *
 * <ol>
 *   <li>result sent -> result answered (the result's transaction: result, advance, next step queued)
 *   <li>next step queued (its dispatch time, in that transaction) -> claim committed (the server's
 *       shiplock_dispatch_latency: commit of the result, wake-up of the waiting poll, the claim's
 *       transaction)
 *   <li>claim committed -> item in the agent's hands (the poll's answer on the wire)
 *   <li>result sent -> next item in the agent's hands: the whole gap
 * </ol>
 *
 * <p>Since the result's answer hands the agent its next step (issue 18), phases 2 and 3 happen in
 * the result's transaction and answer; BENCH_NEXT_IN_ANSWER=0 measures the poll path as before.
 *
 * <p>Run: bench/step-gap.sh [requests=30] [steps=20] [jdbc-url]
 */
public class StepGap {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
          .build();

  record Boundary(long sentNanos, long answeredNanos) {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String db = args.length > 2 && !args[2].isBlank() ? args[2] : null;
    Path home = Files.createTempDirectory("shiplock-bench-gap");
    ServerSettings settings =
        new ServerSettings("127.0.0.1", 0, home, db, null, null, "bench", SourceAccess.defaults());
    try (ShiplockServer server = ShiplockServer.start(settings, Map.of())) {
      String base = "http://127.0.0.1:" + server.port();
      server.config().apply(List.of(new SourceFile("bench.yaml", config(steps))), false);
      String admin = server.auth().issue(1, "bench", null).token();
      String token =
          call(base, admin, "POST", "/api/v1/agents/a0/tokens", "{}").get("token").asText();
      call(
          base,
          token,
          "POST",
          "/api/v1/agent/hello",
          "{\"host\": \"bench\", \"version\": \"bench\", \"instance\": \"gap\"}");
      // Step id -> when its item reached the agent, when its dispatch was stamped (micros).
      Map<Long, long[]> received = new ConcurrentHashMap<>();
      // Step id -> its result's round trip; and the step that came before it in its request.
      Map<Long, Boundary> results = new ConcurrentHashMap<>();
      AtomicReference<Long> last = new AtomicReference<>();
      Map<Long, Long> previous = new ConcurrentHashMap<>();
      Thread.ofVirtual().start(() -> poll(base, token, received, results, last, previous));
      List<Double> resultRtt = new ArrayList<>();
      List<Double> toClaim = new ArrayList<>();
      List<Double> wire = new ArrayList<>();
      List<Double> gap = new ArrayList<>();
      String before = metrics(base, admin);
      for (int i = 0; i < requests + 5; i++) {
        if (i == 5) {
          received.clear();
          results.clear();
          previous.clear();
          before = metrics(base, admin);
        }
        last.set(null);
        long id = server.engine().submit("Bench", "e0", "run", Map.of(), Map.of(), "admin");
        while (!server.store().read(r -> r.runs().find(id)).orElseThrow().state().isTerminal())
          Thread.sleep(1);
      }
      String after = metrics(base, admin);
      for (var e : previous.entrySet()) {
        long[] next = received.get(e.getKey());
        Boundary b = results.get(e.getValue());
        if (next == null || b == null) continue;
        resultRtt.add((b.answeredNanos() - b.sentNanos()) / 1e6);
        gap.add((next[0] - b.sentNanos()) / 1e6);
      }
      for (long[] r : received.values()) wire.add(r[2] / 1e3);
      double claimMean = mean(after, before, "shiplock_dispatch_latency_seconds");
      double resultMean = mean(after, before, "http_server_requests_seconds", "/result");
      System.out.printf(
          "store %s, %d requests x %d steps after 5 warm-up requests; %d step boundaries; next step %s%n",
          server.store().dialect(), requests, steps, gap.size(),
          NEXT_IN_ANSWER ? "in the result's answer" : "by a poll (BENCH_NEXT_IN_ANSWER=0)");
      System.out.printf("%-64s %8s %8s %8s%n", "phase", "p50 ms", "p90 ms", "mean ms");
      row("1. result sent -> answered (agent's view)", resultRtt);
      System.out.printf(
          "%-64s %8s %8s %8.2f%n", "   of which the server handling the result (its timer)", "", "",
          resultMean);
      System.out.printf(
          "%-64s %8s %8s %8.2f%n",
          "2. next step queued -> claim committed (shiplock_dispatch_latency)", "", "", claimMean);
      row("2+3. next step queued -> item in the agent's hands", wire);
      row("4. result sent -> next item in the agent's hands (the gap)", gap);
      Runtime.getRuntime().halt(0); // the poll is still open; no orderly goodbye needed
    }
  }

  static void row(String name, List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    System.out.printf(
        "%-64s %8.2f %8.2f %8.2f%n",
        name,
        s.get(s.size() / 2),
        s.get((int) Math.floor(s.size() * 0.9)),
        s.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
  }

  /**
   * As the real agent: results ask for the agent's next work in their answer ({@code "next": true});
   * BENCH_NEXT_IN_ANSWER=0 measures the agent before it, whose next step always came by a poll.
   */
  static final boolean NEXT_IN_ANSWER = !"0".equals(System.getenv("BENCH_NEXT_IN_ANSWER"));

  /** The poll loop of the real agent: always a poll waiting; each result from its own thread. */
  static void poll(
      String base,
      String token,
      Map<Long, long[]> received,
      Map<Long, Boundary> results,
      AtomicReference<Long> last,
      Map<Long, Long> previous) {
    try {
      // As the real agent: the steps whose result is not answered yet go with each poll, or the
      // server offers them again (it takes an item claimed but not reported running as lost).
      java.util.Set<Long> running = ConcurrentHashMap.newKeySet();
      java.util.Set<Long> taken = ConcurrentHashMap.newKeySet(); // each step runs once
      Taker taker = new Taker(base, token, received, results, last, previous, running, taken);
      while (true) {
        String ids = running.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        JsonNode answer =
            call(base, token, "GET", "/api/v1/agent/work?wait=5" + (ids.isEmpty() ? "" : "&running=" + ids), null);
        taker.take(answer.path("work"));
      }
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  record Taker(
      String base,
      String token,
      Map<Long, long[]> received,
      Map<Long, Boundary> results,
      AtomicReference<Long> last,
      Map<Long, Long> previous,
      java.util.Set<Long> running,
      java.util.Set<Long> taken) {
    /** Work from a poll's answer or a result's: each item's result goes out from its own thread. */
    void take(JsonNode work) {
      long now = System.nanoTime();
      Instant wall = Instant.now();
      for (JsonNode w : work) {
        long stepId = w.get("stepId").asLong();
        if (!taken.add(stepId)) continue;
        running.add(stepId);
        long micros = wall.getEpochSecond() * 1_000_000 + wall.getNano() / 1_000;
        received.put(stepId, new long[] {now, 0, micros - w.get("dispatchedAtMicros").asLong()});
        Long before = last.getAndSet(stepId);
        if (before != null) previous.put(stepId, before);
        String result =
            "{\"attempt\": " + w.get("attempt").asInt() + ", \"state\": \"SUCCEEDED\""
                + (NEXT_IN_ANSWER ? ", \"next\": true}" : "}");
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    long sent = System.nanoTime();
                    JsonNode answer =
                        call(base, token, "POST", "/api/v1/agent/steps/" + stepId + "/result", result);
                    results.put(stepId, new Boundary(sent, System.nanoTime()));
                    running.remove(stepId);
                    take(answer.path("work"));
                  } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(1);
                  }
                });
      }
    }
  }

  /** Mean of a Prometheus timer between two scrapes: delta of _sum over delta of _count. */
  static double mean(String after, String before, String name, String... labelHas) {
    double[] a = sumCount(after, name, labelHas);
    double[] b = sumCount(before, name, labelHas);
    return (a[0] - b[0]) / Math.max(1, a[1] - b[1]) * 1000;
  }

  static double[] sumCount(String text, String name, String... labelHas) {
    double sum = 0, count = 0;
    Pattern p = Pattern.compile("^" + name + "_(sum|count)(\\{.*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
    Matcher m = p.matcher(text);
    while (m.find()) {
      String labels = m.group(2) == null ? "" : m.group(2);
      boolean all = true;
      for (String l : labelHas) all &= labels.contains(l);
      if (!all) continue;
      if (m.group(1).equals("sum")) sum += Double.parseDouble(m.group(3));
      else count += Double.parseDouble(m.group(3));
    }
    return new double[] {sum, count};
  }

  static String metrics(String base, String admin) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .header("Authorization", "Bearer " + admin)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException("/metrics: " + r.statusCode());
    return r.body();
  }

  static JsonNode call(String base, String token, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 400)
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    return JSON.readTree(r.body());
  }

  static String config(int steps) {
    StringBuilder sb = new StringBuilder("kind: Agent\nname: a0\n---\n");
    sb.append("kind: Component\nname: Noop\nprocesses:\n  - name: run\n    steps:\n");
    for (int s = 0; s < steps; s++)
      sb.append("      - {name: s").append(s).append(", type: shell, with: {argv: [\"true\"]}}\n");
    sb.append("---\nkind: Application\nname: Bench\ncomponents: [Noop]\nprocesses:\n");
    sb.append(
        "  - {name: run, steps: [{name: run, type: component.run, with: {component: Noop,"
            + " process: run}}]}\n");
    sb.append(
        "---\nkind: Environment\napplication: Bench\nname: e0\nresources:\n  - agent: a0\n"
            + "    children: [{component: Noop}]\n");
    return sb.toString();
  }
}
