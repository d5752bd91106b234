import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.agent.Agent;
import io.shiplock.agent.AgentSettings;
import io.shiplock.core.artifacts.FileTree;
import io.shiplock.core.config.SourceFiles;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the example pipeline through Shiplock (server, two agents in this JVM, embedded store)
 * and as a plain shell script, alternating, and reports the median ratio. Shiplock's time is
 * from the first request's POST to the second request's end, seen by a client polling every
 * 20 ms; creating the version (the upload) is not timed, as the script's checkout is not. Each
 * run builds a new commit of the service (see {@link #commit}), as a pipeline does.
 */
public class PipelineOverhead {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static String url;
  static String token;

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    Path home = Files.createTempDirectory("shiplock-bench-home");
    ShiplockServer server =
        ShiplockServer.start(
            new ServerSettings(
                "127.0.0.1", 0, home, System.getenv("BENCH_DB"), null, null, "bench-admin-password",
                SourceAccess.defaults()),
            System.getenv());
    url = "http://127.0.0.1:" + server.port();
    server.config().apply(SourceFiles.load(Path.of("examples/continuous-test-services")), false);
    long adminId = server.store().read(r -> r.users().find("admin")).orElseThrow().id();
    token = server.auth().issue(adminId, "bench", Duration.ofHours(2)).token();
    List<Agent> agents = new ArrayList<>();
    for (String name : List.of("integration-agent", "leanjazz-agent")) {
      String t = call("POST", "/api/v1/agents/" + name + "/tokens", Map.of()).get("token").asText();
      agents.add(new Agent(new AgentSettings(url, t, name, home.resolve(name))).start());
    }
    Path source = Path.of("examples/simple-topology-service");
    String tag = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    List<Double> shiplock = new ArrayList<>();
    List<Double> script = new ArrayList<>();
    List<Double> peer = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> peerRatios = new ArrayList<>();
    System.out.printf("builds: %s%s%n",
        CACHED ? "fully cached (every run builds the same source; BENCH_CACHED=1)" : "changed (each run a new commit)",
        PEER ? "; peer: Ansible " + ansibleVersion() : "");
    // Warm-up runs of each, not counted: JIT, image cache, registry layers.
    for (int w = 0; w < 3; w++) {
      shiplockRun(source, "w" + w + "-" + tag);
      scriptRun(source, "ws" + w + "-" + tag);
      if (PEER) ansibleRun(source, "wa" + w + "-" + tag);
    }
    for (int i = 0; i < runs; i++) {
      // The order turns each run, so no side always runs after another's build warmed a cache.
      List<String> order = new ArrayList<>(PEER ? List.of("shiplock", "script", "ansible") : List.of("shiplock", "script"));
      java.util.Collections.rotate(order, -(i % order.size()));
      Map<String, Double> took = new LinkedHashMap<>();
      for (String who : order) {
        took.put(who, switch (who) {
          case "shiplock" -> shiplockRun(source, "b" + i + "-" + tag);
          case "script" -> scriptRun(source, "s" + i + "-" + tag);
          default -> ansibleRun(source, "a" + i + "-" + tag);
        });
      }
      double a = took.get("shiplock"), b = took.get("script");
      shiplock.add(a);
      script.add(b);
      ratios.add(a / b);
      if (PEER) {
        double c = took.get("ansible");
        peer.add(c);
        peerRatios.add(a / c);
        System.out.printf("run %d (%s): shiplock %.2f s, script %.2f s, ansible %.2f s, ratio to script %.3f, to ansible %.3f%n",
            i + 1, String.join(" > ", order), a, b, c, a / b, a / c);
      } else {
        System.out.printf("run %d: shiplock %.2f s, script %.2f s, ratio %.3f%n", i + 1, a, b, a / b);
      }
    }
    System.out.printf(
        "median of %d runs: shiplock %.2f s (%.2f-%.2f), script %.2f s (%.2f-%.2f), ratio %.3f"
            + " (%.3f-%.3f)%n",
        runs,
        median(shiplock), min(shiplock), max(shiplock),
        median(script), min(script), max(script),
        median(ratios), min(ratios), max(ratios));
    if (PEER)
      System.out.printf(
          "ansible: median %.2f s (%.2f-%.2f); shiplock / ansible ratio %.3f (%.3f-%.3f)%n",
          median(peer), min(peer), max(peer), median(peerRatios), min(peerRatios), max(peerRatios));
    agents.forEach(Agent::close);
    server.close();
    new ProcessBuilder("/usr/bin/docker", "rm", "-f", "simpletopologyservice-private", "simpletopologyservice-production")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }

  /**
   * The source as a new commit would have it: the service's files differ from every earlier
   * version's (a version file), so the service image's last layer is built anew, on both sides.
   */
  static Path commit(Path source, String version) throws Exception {
    Path dir = Files.createTempDirectory("bench-src-" + version);
    try (var files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path t = dir.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(t);
        else Files.copy(f, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    // Cached: the same file every run, so each build is the one before it (every layer cached).
    Files.writeString(dir.resolve("service/www/version.txt"), (CACHED ? "cached" : version) + "\n");
    return dir;
  }

  static double min(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  static double shiplockRun(Path original, String version) throws Exception {
    Path source = commit(original, version);
    List<Map<String, Object>> files = new ArrayList<>();
    for (var f : FileTree.scan(source)) {
      upload(f.entry().digest(), f.file());
      files.add(Map.of("path", f.entry().path(), "digest", f.entry().digest(), "size", f.entry().size(), "executable", f.entry().executable()));
    }
    call("POST", "/api/v1/components/SimpleTopologyService/versions", Map.of("name", version, "files", files));
    long t0 = System.nanoTime();
    long first = request("Private Docker Registry", "build_test_publish", version);
    await(first);
    long second = request("Production", "pull_run", version);
    await(second);
    double took = (System.nanoTime() - t0) / 1e9;
    if (System.getenv("BENCH_STEPS") != null) {
      steps(first);
      steps(second);
    }
    return took;
  }

  static final boolean CACHED = "1".equals(System.getenv("BENCH_CACHED"));
  static final boolean PEER = "ansible".equals(System.getenv("BENCH_PEER"));

  /** The same pipeline as an Ansible playbook (bench/peer/pipeline.yml), as its users run it. */
  static double ansibleRun(Path original, String version) throws Exception {
    Path source = commit(original, version);
    Path log = Files.createTempFile("bench-ansible", ".log");
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(
                "ansible-playbook", "-i", "localhost,", "-c", "local", "bench/peer/pipeline.yml",
                "-e", "version=" + version, "-e", "src=" + source)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (p.waitFor() != 0) {
      System.out.println(Files.readString(log));
      throw new IllegalStateException("the playbook failed");
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  static String ansibleVersion() throws Exception {
    Process p = new ProcessBuilder("ansible-playbook", "--version").redirectErrorStream(true).start();
    String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
    p.waitFor();
    return first;
  }

  static double scriptRun(Path original, String version) throws Exception {
    Path source = commit(original, version);
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("bench/pipeline-script.sh", version, source.toString()).inheritIO().start();
    if (p.waitFor() != 0) throw new IllegalStateException("the script failed");
    return (System.nanoTime() - t0) / 1e9;
  }

  static long request(String env, String process, String version) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("application", "ContinuousTestServices");
    body.put("environment", env);
    body.put("process", process);
    body.put("versions", Map.of("SimpleTopologyService", version));
    return call("POST", "/api/v1/requests", body).get("id").asLong();
  }

  static void await(long id) throws Exception {
    while (true) {
      String state = call("GET", "/api/v1/requests/" + id, null).get("state").asText();
      if (state.equals("SUCCEEDED")) return;
      if (!state.equals("QUEUED") && !state.equals("RUNNING"))
        throw new IllegalStateException("request " + id + " " + state);
      Thread.sleep(20);
    }
  }

  /** With BENCH_STEPS set: when each step started and ended, relative to the request. */
  static void steps(long id) throws Exception {
    JsonNode r = call("GET", "/api/v1/requests/" + id, null);
    java.time.Instant t0 = java.time.Instant.parse(r.get("requestedAt").asText());
    for (JsonNode s : r.get("steps")) {
      if (!s.hasNonNull("startedAt") || !s.hasNonNull("finishedAt")) continue;
      double a = Duration.between(t0, java.time.Instant.parse(s.get("startedAt").asText())).toNanos() / 1e6;
      double b = Duration.between(t0, java.time.Instant.parse(s.get("finishedAt").asText())).toNanos() / 1e6;
      System.out.printf("  %7.1f %7.1f %6.1f ms  %s%n", a, b, b - a, s.get("path").asText());
    }
  }

  static void upload(String digest, Path file) throws Exception {
    HTTP.send(
        HttpRequest.newBuilder(URI.create(url + "/api/v1/blobs/" + digest))
            .header("Authorization", "Bearer " + token)
            .PUT(HttpRequest.BodyPublishers.ofFile(file))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  static JsonNode call(String method, String path, Object body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 400) throw new IllegalStateException(path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
