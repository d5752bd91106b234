package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplock.core.security.SecretBox;
import io.shiplock.store.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A cluster on one machine, as {@code scripts/cluster.sh} makes one: N real {@code shiplock server}
 * processes on one fresh PostgreSQL database with one secret key, each with its own port and home,
 * and a real HAProxy in front configured from {@code scripts/haproxy.cfg.in}. Nodes can be killed,
 * stopped and started again on their port; {@link #front} is a client of the cluster through
 * HAProxy (and makes agents that talk to HAProxy).
 */
final class Cluster implements AutoCloseable {
  static final Path HAPROXY_TEMPLATE = Path.of("../scripts/haproxy.cfg.in");

  /** How HAProxy picks a node: {@code first} sends everything to the first live node. */
  enum Balance {
    FIRST,
    ROUNDROBIN
  }

  /** One node: its port and home stay across restarts. */
  final class Node {
    final String name;
    final ServerProcesses servers;
    private JavaProcess process;

    Node(String name) {
      this.name = name;
      createDirectories(dir.resolve(name));
      this.servers = new ServerProcesses(dir.resolve(name));
    }

    void start() {
      process = servers.start(env(), "--db", db, "--blobs", dir.resolve("blobs").toString());
    }

    /** kill -9. */
    void kill() throws InterruptedException {
      process.kill();
    }

    /** SIGTERM, waiting for the node to end. */
    void stop() throws InterruptedException {
      process.stop(Duration.ofSeconds(30));
    }

    boolean alive() {
      return process != null && process.isAlive();
    }

    String output() {
      return process == null ? "" : ServerProcesses.tail(process);
    }
  }

  final Path dir;
  final ServerProcesses front;
  final List<Node> nodes = new ArrayList<>();
  private final String db;
  private final String key = Base64.getEncoder().encodeToString(SecretBox.newKey());
  private final List<JavaProcess> agents = new ArrayList<>();
  private final int statsPort = ServerProcesses.freePort();
  private Process haproxy;

  private Cluster(Path dir, int size) {
    this.dir = dir;
    this.db = TestDatabases.postgres().url();
    this.front = new ServerProcesses(dir, ServerProcesses.freePort(), List.of());
    for (int i = 1; i <= size; i++) nodes.add(new Node("node" + i));
  }

  /** Starts {@code size} nodes (the first alone: it makes the schema) and HAProxy in front. */
  static Cluster start(Path dir, int size, Balance balance) throws Exception {
    HaproxyAvailable.require();
    long t0 = System.nanoTime();
    Cluster c = new Cluster(dir, size);
    try {
      c.nodes.getFirst().start();
      List<Thread> others = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (Node n : c.nodes.subList(1, size))
        others.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        n.start();
                      } catch (Throwable e) {
                        synchronized (failures) {
                          failures.add(e);
                        }
                      }
                    }));
      for (Thread t : others) t.join();
      if (!failures.isEmpty()) throw new AssertionError(failures.getFirst());
      c.startHaproxy(balance);
      c.front.logIn();
      System.out.printf(
          "cluster of %d nodes and HAProxy up in %d ms%n",
          size, (System.nanoTime() - t0) / 1_000_000);
      return c;
    } catch (Throwable e) {
      c.close();
      throw e;
    }
  }

  private Map<String, String> env() {
    return Map.of("SHIPLOCK_SECRET_KEY", key);
  }

  /** HAProxy's configuration: the template of scripts/cluster.sh with this cluster's nodes. */
  String haproxyConfig(Balance balance) throws IOException {
    StringBuilder servers = new StringBuilder();
    for (Node n : nodes)
      servers.append("  server " + n.name + " 127.0.0.1:" + n.servers.port() + " check\n");
    return Files.readString(HAPROXY_TEMPLATE)
            .replace("@BIND@", "127.0.0.1:" + front.port())
            .replace("@BALANCE@", balance.name().toLowerCase(Locale.ROOT))
            .replace("@SERVERS@", servers.toString())
        + """

        # The tests' own: HAProxy's view of the nodes, to wait for it to see a node up or down.
        listen stats
          bind 127.0.0.1:%d
          stats enable
          stats uri /stats
        """
            .formatted(statsPort);
  }

  /** HAProxy's status of a node: UP, DOWN, or a transition such as "UP 1/2". */
  String haproxyStatus(Node node) throws IOException, InterruptedException {
    return stat(node, "status");
  }

  /** One column of HAProxy's statistics of a node, e.g. stot: the sessions it sent there. */
  String stat(Node node, String column) throws IOException, InterruptedException {
    HttpResponse<String> csv =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    String[] lines = csv.body().split("\n");
    List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(",", -1));
    for (String line : lines) {
      String[] f = line.split(",", -1);
      if (f.length == header.size() && f[0].equals("nodes") && f[1].equals(node.name))
        return f[header.indexOf(column)];
    }
    throw new AssertionError("HAProxy does not know " + node.name + ":\n" + csv.body());
  }

  /**
   * Asserts that HAProxy sent every call so far to {@code node} (as {@code balance first} does).
   */
  void assertAllCallsWentTo(Node node) throws IOException, InterruptedException {
    for (Node n : nodes)
      if (n != node)
        assertThat(Long.parseLong(stat(n, "stot"))).as("calls sent to %s", n.name).isZero();
  }

  /** Waits until HAProxy sends traffic to the node again (its checks passed twice). */
  void awaitUp(Node node) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> haproxyStatus(node).equals("UP"));
  }

  private void startHaproxy(Balance balance) throws Exception {
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(cfg, haproxyConfig(balance));
    Path log = dir.resolve("haproxy.log");
    haproxy =
        new ProcessBuilder(HaproxyAvailable.command(), "-f", cfg.toString(), "-db")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      // Ready once its checks found every node up (rise 2, a second apart).
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(
              () -> !haproxy.isAlive() || front.send("GET", "/readyz", null).statusCode() == 200);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("HAProxy did not answer; it said:\n" + Files.readString(log), e);
    }
    if (!haproxy.isAlive())
      throw new AssertionError("HAProxy ended; it said:\n" + Files.readString(log));
  }

  /** A real agent process whose only server is HAProxy's address. */
  JavaProcess agent(String name) throws IOException, InterruptedException {
    JavaProcess a = front.agent(name);
    agents.add(a);
    return a;
  }

  /** The nodes' log tails, for failure messages. */
  String outputs() {
    StringBuilder sb = new StringBuilder();
    for (Node n : nodes) sb.append("--- ").append(n.name).append(":\n").append(n.output());
    for (JavaProcess a : agents) sb.append("--- agent:\n").append(ServerProcesses.tail(a));
    return sb.toString();
  }

  @Override
  public void close() {
    for (JavaProcess a : agents) a.close();
    if (haproxy != null) {
      haproxy.destroyForcibly();
      try {
        haproxy.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Node n : nodes) if (n.process != null) n.process.close();
  }

  static void createDirectories(Path p) {
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
