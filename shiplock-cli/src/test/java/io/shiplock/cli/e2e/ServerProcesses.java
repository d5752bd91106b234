package io.shiplock.cli.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.api.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Real `shiplock server` processes on one home and port, started, killed and started again by the
 * crash tests, and the HTTP calls those tests make to them (as admin once logged in).
 */
final class ServerProcesses {
  static final String ADMIN_PASSWORD = "pw";

  private final Path dir;
  private final int port;
  private final List<String> jvm;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private String token;

  /** Servers with the home {@code dir/home} on a free port, their output in {@code server.log}. */
  ServerProcesses(Path dir, List<String> jvm) {
    this(dir, freePort(), jvm);
  }

  /**
   * Servers on a given port; also a client of whatever answers there (a load balancer in front of
   * several nodes), never started itself.
   */
  ServerProcesses(Path dir, int port, List<String> jvm) {
    this.dir = dir;
    this.port = port;
    this.jvm = jvm;
  }

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A port nothing listens on, for a process that binds it later (seconds later for HAProxy, after
   * the nodes started). Not from the kernel's ephemeral range (32768 and up here): every outgoing
   * connection takes its local port there, and one did take HAProxy's in the meantime. Below it
   * only ports chosen on purpose are bound; each is handed out once per test JVM.
   */
  static int freePort() {
    for (int tries = 0; tries < 1000; tries++) {
      int port = 26_000 + RANDOM.nextInt(6_000);
      if (!HANDED_OUT.add(port)) continue;
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // in use: another
      }
    }
    throw new IllegalStateException("no free port in 26000-32000");
  }

  private static final Random RANDOM = new Random();

  /**
   * The JVM of the tests' servers and agents: C1 only and the serial collector, a quarter of the
   * CPU at start on a busy machine; one set of flags, so one start-up cache ({@link LaunchCache}).
   */
  static final List<String> JVM =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  ServerProcesses(Path dir) {
    this(dir, JVM);
  }

  int port() {
    return port;
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts a server and waits until it is ready; its log's tail when it never is. */
  JavaProcess start(Map<String, String> env, String... extraArgs) {
    Map<String, String> all = new HashMap<>(env);
    all.put("SHIPLOCK_ADMIN_PASSWORD", ADMIN_PASSWORD);
    List<String> args =
        new ArrayList<>(
            List.of(
                "server",
                "--home",
                dir.resolve("home").toString(),
                "--port",
                String.valueOf(port)));
    args.addAll(List.of(extraArgs));
    JavaProcess p =
        JavaProcess.startCached(dir.resolve("server.log"), all, jvm, args.toArray(String[]::new));
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> call("GET", "/readyz", null).get("status").asText().equals("ready"));
    } catch (ConditionTimeoutException e) {
      p.close();
      throw new AssertionError("the server did not start; it said:\n" + tail(p), e);
    }
    return p;
  }

  JavaProcess start() {
    return start(Map.of());
  }

  /** Logs in as admin: later calls carry the token. */
  void logIn() throws IOException, InterruptedException {
    token =
        call(
                "POST",
                "/api/v1/login",
                "{\"user\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}")
            .get("token")
            .asText();
  }

  boolean loggedIn() {
    return token != null;
  }

  /** Applies one configuration file; true when it changed something. */
  boolean apply(String name, String yaml) throws IOException, InterruptedException {
    String body =
        Json.MAPPER.writeValueAsString(
            Map.of("files", List.of(Map.of("name", name, "content", yaml))));
    return call("POST", "/api/v1/config/apply", body).get("applied").asBoolean();
  }

  /** Starts an agent process connected to these servers with a new token. */
  JavaProcess agent(String name) throws IOException, InterruptedException {
    String agentToken =
        call("POST", "/api/v1/agents/" + name + "/tokens", "{}").get("token").asText();
    return JavaProcess.startCached(
        dir.resolve(name + ".log"),
        Map.of(),
        JVM,
        "agent",
        "--server",
        base(),
        "--token",
        agentToken,
        "--name",
        name,
        "--work-dir",
        dir.resolve(name).toString());
  }

  HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json");
    if (token != null) b.header("Authorization", "Bearer " + token);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
    return Json.MAPPER.readTree(send(method, path, body).body());
  }

  static String tail(JavaProcess p) {
    String out = p.output();
    return out.substring(Math.max(0, out.length() - 4000));
  }
}
