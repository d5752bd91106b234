import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/cluster: the high-availability benchmarks of issue 12. Real `shiplock server` processes (one
 * JVM each, -Xmx512m, the launcher's Serial GC) on one PostgreSQL database, and N simulated agents in
 * this JVM speaking the real agent protocol over loopback HTTP (each result asking for the agent's
 * next work in its answer; one kept-alive socket per agent and node, bench/Wire.java), spread evenly
 * over the nodes (agent i talks to node i mod nodes and, as the real agent given several --server addresses, goes on with
 * the next node when its node does not answer).
 *
 * <ol>
 *   <li>Dispatch on 3 nodes, then the same load on 1 node alone (a fresh database): latency with one
 *       request at a time, then a request on every agent at once (completions per minute). Latency is
 *       from the step's dispatch in a node (the payload carries the time; one machine, one clock) to
 *       the simulated agent holding it.
 *   <li>Heap per node with every agent connected: used heap after a full GC (jcmd GC.run, GC.heap_info).
 *   <li>Kill to resume, on the 3 nodes: while a request runs on every agent, kill -9 one node; time to
 *       the first step completed after the kill by an agent that was on the killed node, and by any.
 *       The node is started again and the agents go back before the next run.
 * </ol>
 *
 * <p>Run: bench/cluster.sh [agents] [steps] [kill-runs]; here: Cluster JAR AGENTS STEPS KILL_RUNS
 * WORK_DIR JDBC_URL_CLUSTER JDBC_URL_SINGLE.
 */
public class Cluster {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
  static String jar;
  static Path work;
  static final List<Node> ALL = new ArrayList<>();
  static final boolean DEBUG = System.getenv("BENCH_DEBUG") != null;
  static final int ROUNDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "2"));

  public static void main(String[] args) throws Exception {
    jar = args[0];
    int agents = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    int killRuns = Integer.parseInt(args[3]);
    work = Path.of(args[4]);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(n -> n.process.destroyForcibly())));

    System.out.printf("== 3 nodes, one PostgreSQL database, %d agents (%d per node), %d steps per request%n", agents, agents / 3, steps);
    List<Node> three = startNodes(3, args[5]);
    Load cluster = new Load(three, agents, steps);
    Figures f3 = cluster.measure();
    List<String> heap3 = heaps(three);
    System.out.println("  heap after full GC per node: " + String.join(", ", heap3));

    System.out.printf("== kill -9 of one node while a request runs on every agent, %d runs%n", killRuns);
    List<double[]> kills = new ArrayList<>();
    for (int r = 0; r < killRuns; r++) kills.add(cluster.killRun(r + 1, r % 3));
    cluster.stop();
    three.forEach(Node::stop);

    System.out.printf("== 1 node alone, a fresh database, the same %d agents%n", agents);
    List<Node> one = startNodes(1, args[6]);
    Load single = new Load(one, agents, steps);
    Figures f1 = single.measure();
    List<String> heap1 = heaps(one);
    System.out.println("  heap after full GC: " + heap1.get(0));
    single.stop();
    one.forEach(Node::stop);

    System.out.printf("%n== side by side: %d agents, %d steps per request%n", agents, steps);
    System.out.printf("%-50s %-26s %s%n", "", "3 nodes", "1 node");
    row("dispatch p50 / p99, one request at a time", f3.seqP50 + " / " + f3.seqP99 + " ms", f1.seqP50 + " / " + f1.seqP99 + " ms");
    row("completions per minute (last of " + ROUNDS + " rounds)", f3.perMinute, f1.perMinute);
    row("  dispatch p50 / p99 under that load", f3.loadP50 + " / " + f3.loadP99 + " ms", f1.loadP50 + " / " + f1.loadP99 + " ms");
    row("heap after full GC, per node", String.join(", ", heap3), heap1.get(0));
    if (!kills.isEmpty()) {
      System.out.printf("%nkill -9 to resume, %d runs: median (min - max)%n", kills.size());
      System.out.println("  to the first step completed by an agent of the killed node: " + spread(kills, 0) + " ms");
      System.out.println("  to the first step completed by any agent:                    " + spread(kills, 1) + " ms");
      System.out.println("  to the last step of the load:                                " + spread(kills, 2) + " ms");
    }
    Runtime.getRuntime().halt(0);
  }

  static void row(String what, String three, String one) {
    System.out.printf("%-50s %-26s %s%n", what, three, one);
  }

  static String spread(List<double[]> runs, int i) {
    double[] v = runs.stream().mapToDouble(r -> r[i]).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) return "never";
    String s = String.format("%.0f (%.0f - %.0f)", v[v.length / 2], v[0], v[v.length - 1]);
    return v.length == runs.size() ? s : s + ", " + (runs.size() - v.length) + " of " + runs.size() + " runs never";
  }

  /** The first node migrates a fresh database alone; the others start together once it is ready. */
  static List<Node> startNodes(int count, String db) throws Exception {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) nodes.add(new Node(ALL.size() + i, freePort(), db));
    ALL.addAll(nodes);
    nodes.get(0).start();
    nodes.get(0).awaitReady();
    for (Node n : nodes.subList(1, count)) n.start();
    for (Node n : nodes.subList(1, count)) n.awaitReady();
    return nodes;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** One node: a `shiplock server` process with its own home, started again on its port after a kill. */
  static final class Node {
    final int index;
    final int port;
    final String db;
    Process process;

    Node(int index, int port, String db) {
      this.index = index;
      this.port = port;
      this.db = db;
    }

    String url() {
      return "http://127.0.0.1:" + port;
    }

    void start() throws IOException {
      String java = ProcessHandle.current().info().command().orElseThrow();
      List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xss512k", "-Xmx512m"));
      // BENCH_NODE_OPTS: more JVM options for every node, a profiler's say (%d: the node's index).
      String more = System.getenv().getOrDefault("BENCH_NODE_OPTS", "").strip();
      if (!more.isEmpty()) for (String o : more.split("\\s+")) command.add(o.replace("%d", String.valueOf(index)));
      command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", jar, "io.shiplock.cli.Main", "server",
          "--db", db, "--port", String.valueOf(port), "--home", work.resolve("home-" + index).toString()));
      ProcessBuilder pb = new ProcessBuilder(command);
      Path log = work.resolve("node-" + index + ".log");
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      process = pb.start();
      Files.writeString(work.resolve("pids"), process.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    void awaitReady() throws Exception {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (true) {
        try {
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/readyz")).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) return;
        } catch (IOException e) {
          // not listening yet
        }
        if (!process.isAlive() || System.nanoTime() > deadline)
          throw new IllegalStateException("node " + index + " did not become ready: " + Files.readString(work.resolve("node-" + index + ".log")));
        Thread.sleep(50);
      }
    }

    void stop() {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

  /** Used heap after a full GC in each node (young + old generation of the Serial collector), and RSS. */
  static List<String> heaps(List<Node> nodes) throws Exception {
    String jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd").toString();
    List<String> out = new ArrayList<>();
    for (Node n : nodes) {
      String pid = String.valueOf(n.process.pid());
      run(jcmd, pid, "GC.run");
      Matcher m = USED.matcher(run(jcmd, pid, "GC.heap_info"));
      long usedK = 0;
      while (m.find()) usedK += Long.parseLong(m.group(1));
      String rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
          .map(l -> l.replaceAll("\\D", "")).findFirst().orElse("0");
      out.add(String.format("%.0f MB (RSS %.0f MB)", usedK / 1024.0, Long.parseLong(rss) / 1024.0));
    }
    return out;
  }

  static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + ": " + text);
    return text;
  }

  record Figures(String seqP50, String seqP99, String perMinute, String loadP50, String loadP99) {}

  /** The agents of one setup, the configuration they run, and the measurements on them. */
  static final class Load {
    final List<Node> nodes;
    final int agents;
    final int steps;
    final String admin;
    final List<SimAgent> sims = new ArrayList<>();
    final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    // The part of them that came in a poll's answer: a request's first step, queued by the node the
    // request was made on (on 3 nodes mostly another than the agent's: a LISTEN/NOTIFY hop).
    final ConcurrentLinkedQueue<Long> byPoll = new ConcurrentLinkedQueue<>();
    final Set<Long> done = ConcurrentHashMap.newKeySet(); // step id * 256 + attempt: completions counted once
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong busy = new AtomicLong(); // submissions answered 503 and made again
    final CountDownLatch ready;
    volatile boolean stopped;
    // Kill run in progress: the node killed, when, which agents were on it, and the first completions after it.
    volatile long killedAt;
    volatile int killed = -1;
    volatile Set<Integer> onKilled = Set.of();
    final AtomicLong firstOfKilled = new AtomicLong();
    final AtomicLong firstOfAny = new AtomicLong();

    Load(List<Node> nodes, int agents, int steps) throws Exception {
      this.nodes = nodes;
      this.agents = agents;
      this.steps = steps;
      String url = nodes.get(0).url();
      admin = call(url, null, "POST", "/api/v1/login", "{\"user\": \"admin\", \"password\": \"bench-password\", \"tokenName\": \"bench\"}").get("token").asText();
      call(url, admin, "POST", "/api/v1/config/apply", JSON.writeValueAsString(Map.of("files", List.of(Map.of("name", "bench.yaml", "content", config(agents, steps))), "prune", false)));
      String[] tokens = new String[agents];
      parallel(agents, i -> tokens[i] = call(nodes.get(i % nodes.size()).url(), admin, "POST", "/api/v1/agents/a" + i + "/tokens", "{}").get("token").asText());
      ready = new CountDownLatch(agents);
      for (int i = 0; i < agents; i++) sims.add(new SimAgent(this, i, i % nodes.size(), tokens[i]));
      for (SimAgent s : sims) Thread.ofVirtual().start(s::run);
      ready.await();
    }

    Figures measure() throws Exception {
      // 1. Latency: every agent connected and polling, one request at a time (after a warm-up),
      // submitted to the nodes in turn, so the agent is mostly on another node than the request.
      int sequential = Math.min(agents, 60);
      for (int i = 0; i < sequential; i++) {
        if (i == 10) {
          latencies.clear();
          byPoll.clear();
        }
        long before = done.size();
        long id = submit(i % nodes.size(), i * 7919 % agents);
        while (done.size() < before + steps) Thread.sleep(1);
        while (!terminal(id)) Thread.sleep(2);
      }
      long[] l = sorted(latencies);
      String p50 = ms(pct(l, 0.50)), p99 = ms(pct(l, 0.99));
      System.out.printf("  dispatch latency, one request at a time: p50 %s ms, p99 %s ms, max %s ms (n=%d steps)%n", p50, p99, ms(l[l.length - 1]), l.length);
      long[] polled = sorted(byPoll);
      System.out.printf("    of which a request's first step, by a poll: p50 %s ms, p99 %s ms (n=%d); the others came in a result's answer%n",
          ms(pct(polled, 0.50)), ms(pct(polled, 0.99)), byPoll.size());
      // 2. Throughput: a request on every agent at once, in rounds (BENCH_ROUNDS, 2 by default, as
      // bench/dispatch): the first warms the nodes up under load (their JIT compiles the hot paths
      // then), so each round is printed and the last is the figure.
      String perMinute = "", loadP50 = "", loadP99 = "";
      for (int round = 1; round <= ROUNDS; round++) {
        latencies.clear();
        long before = done.size();
        long t0 = System.nanoTime();
        parallel(agents, i -> submit(i % nodes.size(), i));
        if (!awaitDone(before + (long) agents * steps, 600)) throw new IllegalStateException("the load did not finish");
        double seconds = (System.nanoTime() - t0) / 1e9;
        l = sorted(latencies);
        long n = done.size() - before;
        perMinute = String.format("%,.0f", n / seconds * 60);
        loadP50 = ms(pct(l, 0.50));
        loadP99 = ms(pct(l, 0.99));
        System.out.printf("  throughput round %d of %d, %d requests x %d steps at once: %d completions in %.1f s = %s per minute (duplicates %d, refused results %d, submissions answered 503 and made again %d)%n",
            round, ROUNDS, agents, steps, n, seconds, perMinute, duplicates.get(), refused.get(), busy.get());
        System.out.printf("    dispatch latency under that load: p50 %s ms, p99 %s ms%n", loadP50, loadP99);
      }
      return new Figures(p50, p99, perMinute, loadP50, loadP99);
    }

    /** One kill run; answers ms from the kill to the first completion of a killed node's agent, of any agent, and to the end. */
    double[] killRun(int run, int k) throws Exception {
      long before = done.size();
      long target = before + (long) agents * steps;
      List<Long> ids = new ArrayList<>(Collections.nCopies(agents, 0L));
      // Killed when a quarter of its agents' steps are done: they are mid-request when it dies.
      List<SimAgent> mine = sims.stream().filter(s -> s.current == k).toList();
      long mineBefore = mine.stream().mapToLong(s -> s.completions.get()).sum();
      Map<Integer, Long> startedWith = new ConcurrentHashMap<>();
      for (SimAgent s : sims) startedWith.put(s.index, s.completions.get());
      if (DEBUG) System.out.println("    submitting");
      parallel(agents, i -> ids.set(i, submit(i % nodes.size(), i))); // all made before the kill: a POST it cut would leave its fate unknown
      if (DEBUG) System.out.println("    submitted");
      long waitUntil = System.nanoTime() + 120_000_000_000L;
      while (mine.stream().mapToLong(s -> s.completions.get()).sum() < mineBefore + (long) mine.size() * steps / 4) {
        if (System.nanoTime() > waitUntil) {
          System.out.printf("  the agents of node %d (%d) completed %d steps in 120 s; all agents %d of %d%n", k, mine.size(),
              mine.stream().mapToLong(s -> s.completions.get()).sum() - mineBefore, done.size() - before, (long) agents * steps);
          break;
        }
        Thread.sleep(1);
      }
      firstOfKilled.set(0);
      firstOfAny.set(0);
      Set<Integer> on = ConcurrentHashMap.newKeySet();
      // Its agents that still have steps of this run to do (the others have nothing to resume).
      for (SimAgent s : sims) if (s.current == k && s.completions.get() - startedWith.get(s.index) < steps) on.add(s.index);
      onKilled = on;
      killed = k;
      killedAt = System.nanoTime();
      nodes.get(k).process.destroyForcibly(); // SIGKILL
      nodes.get(k).process.waitFor();
      while (firstOfKilled.get() == 0 && !on.isEmpty() && done.size() < target && System.nanoTime() - killedAt < 120_000_000_000L) Thread.sleep(1);
      boolean all = awaitDone(target, 120);
      double end = (System.nanoTime() - killedAt) / 1e6;
      killed = -1;
      AtomicLong ok = new AtomicLong();
      parallel(agents, i -> { // 16 reads at a time: one by one, 1,000 of them took about a minute
        if (state(ids.get(i)).equals("SUCCEEDED")) ok.incrementAndGet();
      });
      long succeeded = ok.get();
      double toKilled = firstOfKilled.get() == 0 ? Double.NaN : (firstOfKilled.get() - killedAt) / 1e6;
      double toAny = firstOfAny.get() == 0 ? Double.NaN : (firstOfAny.get() - killedAt) / 1e6;
      System.out.printf("  run %d: killed node %d (%d of its agents with steps left): first step completed by one of them %.0f ms, by any agent %.0f ms, last step %s; %d of %d requests SUCCEEDED; duplicates %d, refused results %d, submissions answered 503 and made again %d%n",
          run, k, on.size(), toKilled, toAny, all ? String.format("%.0f ms after the kill", end) : "never", succeeded, agents, duplicates.get(), refused.get(), busy.get());
      // The node comes back on its port and its agents go home, as after a restart behind a load balancer.
      nodes.get(k).start();
      nodes.get(k).awaitReady();
      for (SimAgent s : sims) s.goHome = true;
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (sims.stream().anyMatch(s -> s.goHome || s.current != s.home) && System.nanoTime() < deadline) Thread.sleep(20);
      if (DEBUG) System.out.printf("    back home: %d of %d agents%n", sims.stream().filter(s -> !s.goHome && s.current == s.home).count(), agents);
      return new double[] {toKilled, toAny, all ? end : Double.NaN};
    }

    void completed(SimAgent s, int node, long stepId, int attempt) {
      if (!done.add(stepId * 256 + attempt)) duplicates.incrementAndGet();
      s.completions.incrementAndGet();
      if (killed >= 0 && node != killed) {
        long now = System.nanoTime();
        if (now > killedAt) {
          firstOfAny.compareAndSet(0, now);
          if (onKilled.contains(s.index)) firstOfKilled.compareAndSet(0, now);
        }
      }
    }

    boolean awaitDone(long target, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      while (done.size() < target) {
        if (System.nanoTime() > deadline) {
          System.out.printf("  NOT DONE: %d of %d steps completed %d s after the last one was expected%n", done.size(), target, seconds);
          return false;
        }
        Thread.sleep(5);
      }
      return true;
    }

    long submit(int node, int env) throws Exception {
      String body = "{\"application\": \"Bench\", \"environment\": \"e" + env + "\", \"process\": \"run\", \"versions\": {}, \"properties\": {}}";
      // A 503 (the node overloaded: no database connection free in 5 s; or stopping) made
      // nothing: try again after its Retry-After, as a client of a busy server does.
      for (int attempt = 1; ; attempt++) {
        try {
          return call(nodes.get(node).url(), admin, "POST", "/api/v1/requests", body).get("id").asLong();
        } catch (IOException e) {
          if (attempt >= 10 || !String.valueOf(e.getMessage()).contains(": 503 ")) throw e;
          busy.incrementAndGet();
          Thread.sleep(2000);
        }
      }
    }

    String state(long id) throws Exception {
      return request(id).get("state").asText();
    }

    JsonNode request(long id) throws Exception {
      for (Node n : nodes) {
        try {
          return call(n.url(), admin, "GET", "/api/v1/requests/" + id, null);
        } catch (IOException e) {
          // that node is down: ask the next
        }
      }
      throw new IOException("no node answers");
    }

    boolean terminal(long id) throws Exception {
      return Set.of("SUCCEEDED", "FAILED", "CANCELED").contains(state(id));
    }

    void stop() {
      stopped = true;
    }
  }

  /** One simulated agent: hello, long-poll, a result for each step at once; on a dead node, the next one. */
  static final class SimAgent {
    final Load load;
    final int index;
    final int home;
    final String token;
    final String instance = UUID.randomUUID().toString();
    volatile int current;
    volatile boolean goHome;
    final AtomicLong completions = new AtomicLong();
    final Wire[] wires; // one kept-alive socket per node, opened when first used (bench/Wire.java)

    SimAgent(Load load, int index, int home, String token) {
      this.load = load;
      this.index = index;
      this.home = home;
      this.token = token;
      this.current = home;
      this.wires = new Wire[load.nodes.size()];
    }

    /** As call() below, over this agent's own socket to the node. */
    JsonNode call(int node, String method, String path, String body) throws IOException {
      if (wires[node] == null) wires[node] = new Wire(load.nodes.get(node).port);
      Wire.Answer a = wires[node].send(token, method, path, body);
      if (a.status() >= 500) throw new IOException(method + " " + path + ": " + a.status() + " " + a.body());
      if (a.status() >= 400) throw new Refused(method + " " + path + ": " + a.status() + " " + a.body());
      return JSON.readTree(a.body());
    }

    /** As ServerClient.failed: the next call goes to the next node. */
    void moveOn(int from) {
      debug("moves on from node " + from);
      if (current == from) current = (from + 1) % load.nodes.size();
    }

    void debug(String what) {
      if (DEBUG && load.killed >= 0 && load.onKilled.contains(index))
        System.out.printf("    %6.0f ms a%d: %s%n", (System.nanoTime() - load.killedAt) / 1e6, index, what);
    }

    void run() {
      boolean greeted = false, first = true;
      long backoff = 500; // the real agent's poll backoff (Agent.java)
      while (!load.stopped) {
        int node = current;
        try {
          if (goHome) {
            node = current = home;
            greeted = false;
            goHome = false;
          }
          if (!greeted) {
            call(node, "POST", "/api/v1/agent/hello", "{\"host\": \"bench\", \"version\": \"bench\", \"instance\": \"" + instance + "\"}");
            greeted = true;
            debug("hello to node " + node);
            if (first) load.ready.countDown();
            first = false;
          }
          JsonNode answer = call(node, "GET", "/api/v1/agent/work?wait=5", null);
          backoff = 500;
          if (!answer.path("work").isEmpty()) debug("node " + node + " gives " + answer.path("work").size() + " items");
          // As the real agent: each result asks for the agent's next work in its answer, and what
          // comes there runs before the next poll.
          java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
          answer.path("work").forEach(todo::add);
          int polled = todo.size();
          while (!todo.isEmpty()) {
            JsonNode w = todo.poll();
            Instant now = Instant.now();
            long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000 - w.get("dispatchedAtMicros").asLong();
            load.latencies.add(micros);
            if (polled-- > 0) load.byPoll.add(micros);
            result(w).path("work").forEach(todo::add);
          }
        } catch (IOException e) {
          if (load.stopped) return;
          moveOn(node);
          greeted = false; // say hello again: another node, or this one restarted
          sleep(backoff);
          backoff = Math.min(4_000, backoff * 2);
        } catch (Refused e) {
          if (load.stopped) return;
          System.err.println("agent a" + index + ": " + e.getMessage());
          sleep(backoff);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /**
     * Retried with backoff until a node takes it, as the real agent's results are (ServerClient);
     * answers the node's answer, which may hold the agent's next work. An answer lost with its node
     * loses no work: the next poll is offered it again.
     */
    JsonNode result(JsonNode w) throws InterruptedException {
      long stepId = w.get("stepId").asLong();
      int attempt = w.get("attempt").asInt();
      String body = "{\"attempt\": " + attempt + ", \"state\": \"SUCCEEDED\", \"outputs\": {}, \"next\": true}";
      long backoff = 250;
      while (!load.stopped) {
        int node = current;
        try {
          JsonNode answer = call(node, "POST", "/api/v1/agent/steps/" + stepId + "/result", body);
          load.completed(this, node, stepId, attempt);
          debug("result of step " + stepId + " taken by node " + node);
          return answer;
        } catch (IOException e) {
          moveOn(node);
          sleep(backoff);
          backoff = Math.min(4_000, backoff * 2);
        } catch (Refused e) {
          debug("result refused: " + e.getMessage());
          load.refused.incrementAndGet();
          return JSON.createObjectNode();
        }
      }
      return JSON.createObjectNode();
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  interface Task {
    void run(int i) throws Exception;
  }

  /** Runs task(0..n-1) with 16 at a time: a burst of submissions, not a thousand at once. */
  static void parallel(int n, Task task) throws Exception {
    Semaphore permits = new Semaphore(16);
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        fs.add(ex.submit(() -> {
          permits.acquire();
          try {
            task.run(k);
          } finally {
            permits.release();
          }
          return null;
        }));
      }
      for (var f : fs) f.get();
    }
  }

  static long[] sorted(ConcurrentLinkedQueue<Long> q) {
    long[] l = q.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(l);
    return l.length == 0 ? new long[] {0} : l;
  }

  static long pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
  }

  static String ms(long micros) {
    return String.format("%.2f", micros / 1000.0);
  }

  /** A 4xx: the node means it; retrying would not help. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /** A 5xx counts as the node not answering (as for the real agent). */
  static JsonNode call(String base, String token, String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
    if (token != null) b.header("Authorization", "Bearer " + token);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 500) throw new IOException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    if (r.statusCode() >= 400) throw new Refused(method + " " + path + ": " + r.statusCode() + " " + r.body());
    return JSON.readTree(r.body());
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
