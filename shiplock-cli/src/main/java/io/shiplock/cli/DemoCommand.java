package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.agent.Agent;
import io.shiplock.agent.AgentSettings;
import io.shiplock.core.config.Plan;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.config.SourceFiles;
import io.shiplock.core.security.Tokens;
import io.shiplock.server.ServerSettings;
import io.shiplock.server.ShiplockServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the seed's pipeline for real on this machine and keeps the server running until"
          + " Ctrl-C.",
      "It starts a server on the embedded store and two agents, and applies the example"
          + " (application ContinuousTestServices) with a git source on a repository under the"
          + " home and a trigger that builds each new version. It commits the example service:"
          + " the trigger builds, tests and publishes it, and it runs in Production and, as a"
          + " Docker Swarm service, in Swarm. It commits a"
          + " change that breaks a test: that version gets FunctionalRegressionFailed and the"
          + " Production gate refuses it. It asks to publish the good version on Public DockerHub,"
          + " where it waits for a release manager's approval (the demo prints how to give it),"
          + " then prints what is where.",
      "It needs a Docker engine, a registry on localhost:5000 and the public stand-in on"
          + " localhost:5001: the ./shiplock launcher provides them (on Debian through"
          + " scripts/docker.sh)."
    })
final class DemoCommand implements Callable<Integer> {
  private static final String APP = "ContinuousTestServices";
  private static final String COMPONENT = "SimpleTopologyService";

  @Mixin ServerCommand server = new ServerCommand();

  @Option(
      names = {"-f", "--file"},
      paramLabel = "PATH",
      description =
          "Configuration to apply (default: $SHIPLOCK_EXAMPLE or examples/continuous-test-services).")
  Path file;

  @Option(
      names = "--source",
      paramLabel = "DIR",
      description =
          "The service's source (default: $SHIPLOCK_EXAMPLE_SOURCE or"
              + " examples/simple-topology-service).")
  Path source;

  @Option(
      names = "--config-only",
      description = "Only apply the configuration (no Docker needed), then keep running.")
  boolean configOnly;

  @Option(names = "--exit", description = "Stop when the demo is done (for scripts and tests).")
  boolean exit;

  private final List<Agent> agents = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Path example = file;
    if (example == null) {
      String env = System.getenv("SHIPLOCK_EXAMPLE");
      example = Path.of(env != null ? env : "examples/continuous-test-services");
    }
    String envSource = System.getenv("SHIPLOCK_EXAMPLE_SOURCE");
    Path src =
        source != null
            ? source
            : Path.of(envSource != null ? envSource : "examples/simple-topology-service");
    if (!configOnly) {
      String missing = dockerProblem();
      if (missing != null) {
        throw new CliException(
            missing
                + ". On Debian as root, scripts/docker.sh installs and starts what is needed"
                + " (docker.io, docker-registry, busybox-static); or run 'shiplock demo"
                + " --config-only'.");
      }
    }
    ServerSettings settings = server.settings();
    if (settings.tls().enabled())
      throw new CliException(
          "the demo serves plain HTTP on this machine (its agents run in this process); TLS"
              + " options are for 'shiplock server'");
    // The demo's repository is a directory under the home: it is the one file:// root it needs.
    if (settings.sources().fileRoot() == null)
      settings =
          settings.withSources(
              settings.sources().withFileRoot(settings.home().resolve("example-repo")));
    ShiplockServer s = ServerCommand.startAndAnnounce(settings, server.environment());
    String url = "http://" + settings.host() + ":" + s.port();
    try {
      var files = new ArrayList<>(SourceFiles.load(example));
      DemoRepo repo = new DemoRepo(settings.home().resolve("example-repo"));
      if (!configOnly) files.add(new SourceFile("demo-source.yaml", repo.configuration()));
      Plan plan = s.config().apply(files, false);
      System.out.println(
          "Applied " + example + ": " + plan.summary() + " (revision " + plan.revision() + ")");
      if (!configOnly) run(s, url, settings.home(), src, repo, t0);
      else System.out.println("Try: shiplock get environments --app " + APP);
    } catch (RuntimeException | IOException | InterruptedException e) {
      agents.forEach(Agent::close);
      s.close();
      throw e;
    }
    if (exit) {
      agents.forEach(Agent::close);
      s.close();
      return 0;
    }
    System.out.println("The server keeps running at " + url + "; Ctrl-C stops it.");
    ServerCommand.awaitShutdown(s);
    agents.forEach(Agent::close);
    return 0;
  }

  private void run(ShiplockServer s, String url, Path home, Path src, DemoRepo repo, long t0)
      throws IOException, InterruptedException {
    // The demo acts as the admin through the REST API, like any client; its token is saved so
    // the commands it suggests work without a login.
    long adminId = s.store().read(r -> r.users().find("admin")).orElseThrow().id();
    String token = s.auth().issue(adminId, "demo", Duration.ofDays(7)).token();
    Credentials.save(url, token);
    ApiClient api = new ApiClient(url, token);

    for (String name : List.of("integration-agent", "leanjazz-agent")) {
      String t =
          api.post("/api/v1/agents/" + name + "/tokens", Map.of("name", "demo"))
              .get("token")
              .asText();
      agents.add(
          new Agent(new AgentSettings(url, t, name, home.resolve("agents").resolve(name))).start());
    }
    System.out.println("Agents integration-agent and leanjazz-agent started (in this process)");

    step("a commit to " + repo.path() + " becomes a version; trigger build-each-commit builds it");
    String good = repo.commit(src, false, "SimpleTopologyService: hand out CLM topologies");
    String builds = importAndFollow(api, good);
    System.out.println("  " + builds);
    step("pull_run " + good + " on Production (the gate wants FunctionalRegressionPassed)");
    request(api, "Production", "pull_run", good);
    String answer = http("http://127.0.0.1:18083/cgi-bin/topologies?name=clm-basic");
    System.out.println("  Production answers: " + answer.strip());
    step("swarm_deploy " + good + " on Swarm: a Swarm service, pinned to the image's digest");
    request(api, "Swarm", "swarm_deploy", good);
    String swarm = http("http://127.0.0.1:18084/cgi-bin/topologies?name=clm-basic");
    System.out.println("  Swarm answers: " + swarm.strip());
    step("a commit that loses a topology: its tests fail");
    String bad = repo.commit(src, true, "SimpleTopologyService: tidy the topology list");
    System.out.println("  " + importAndFollow(api, bad));
    step("pull_run " + bad + " on Production");
    try {
      request(api, "Production", "pull_run", bad);
      System.out.println("  (unexpected: the gate let it through)");
    } catch (CliException refused) {
      System.out.println("  refused: " + refused.getMessage());
    }

    step("publish " + good + " on Public DockerHub (gate, then one release manager's approval)");
    String rita = approver(s, api);
    JsonNode waiting =
        api.post(
            "/api/v1/requests",
            Map.of(
                "application",
                APP,
                "environment",
                "Public DockerHub",
                "process",
                "publish",
                "versions",
                Map.of(COMPONENT, good),
                "properties",
                Map.of()));
    long waitingId = waiting.get("id").asLong();
    System.out.println(
        "  request "
            + waitingId
            + " "
            + waiting.get("state").asText()
            + ": release-managers must approve, with a comment; the requester (admin) may not");
    System.out.println(
        "  approve as rita" + (rita == null ? "" : " (password " + rita + ")") + ":");
    System.out.println(
        "    ./shiplock login --server " + url + " --user rita --password-stdin   # then type it");
    System.out.println("    ./shiplock approve " + waitingId + " --comment \"license reviewed\"");
    System.out.println("  or open rita's approval link (what her email would hold):");
    System.out.println(
        "    "
            + s.notifier().approvalLink(waitingId, "rita", Instant.now().plus(Duration.ofDays(3))));

    System.out.println();
    System.out.println("Versions:");
    Output.print(
        new PrintWriter(System.out, false, System.out.charset()),
        api.get("/api/v1/components/" + COMPONENT + "/versions?limit=5"),
        Output.Format.table,
        GetCommand.columns("versions"));
    System.out.println("What is where:");
    Output.print(
        new PrintWriter(System.out, false, System.out.charset()),
        api.get("/api/v1/applications/" + APP + "/inventory"),
        Output.Format.table,
        GetCommand.columns("inventory"));
    System.out.println();
    System.out.println("Pipeline page: " + url + "/ui/apps/" + APP + " (log in as admin)");
    System.out.printf(
        "%nDone in %.1f s. Look further (the CLI is logged in):%n", (System.nanoTime() - t0) / 1e9);
    System.out.println("  ./shiplock get inventory --app " + APP + " -o json");
    System.out.println("  ./shiplock get requests");
    System.out.println("  ./shiplock logs REQUEST-ID");
    System.out.println("  ./shiplock get component-properties --app " + APP + " --env Production");
    System.out.println("  curl http://127.0.0.1:18083/cgi-bin/topologies");
    System.out.println("  docker service ps simpletopologyservice-swarm");
    System.out.println("  curl http://localhost:5000/v2/simpletopologyservice/tags/list");
  }

  /**
   * The example's release manager, created on the first run with a generated password (returned;
   * null when an earlier run created her).
   */
  private static String approver(ShiplockServer s, ApiClient api) {
    if (s.store().read(r -> r.users().find("rita")).isPresent()) return null;
    String password = Tokens.newPassword();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "rita");
    body.put("email", "rita@example.test");
    body.put("password", password);
    body.put("admin", false);
    api.post("/api/v1/users", body);
    return password;
  }

  /**
   * Imports the new commit (as a push webhook would) and follows the request the trigger made for
   * the version.
   */
  private static String importAndFollow(ApiClient api, String version) throws InterruptedException {
    JsonNode imported = api.post("/api/v1/components/" + COMPONENT + "/import", Map.of());
    System.out.println("  imported: " + imported.at("/0/created"));
    long id = -1;
    for (int i = 0; i < 100 && id < 0; i++) {
      for (JsonNode r : api.get("/api/v1/requests?limit=10")) {
        if (r.path("requestedBy").asText().equals("trigger:build-each-commit")
            && api.get("/api/v1/requests/" + r.get("id").asLong()).toString().contains(version)) {
          id = r.get("id").asLong();
          break;
        }
      }
      if (id < 0) Thread.sleep(100);
    }
    if (id < 0) throw new CliException("the trigger made no request for version " + version);
    RequestWatcher.follow(api, id, false);
    JsonNode v = api.get("/api/v1/components/" + COMPONENT + "/versions/" + version);
    return "statuses of " + version + ": " + Output.text(v.get("statuses"));
  }

  private static void step(String what) {
    System.out.println();
    System.out.println("== " + what);
  }

  private static void request(ApiClient api, String env, String process, String version)
      throws InterruptedException {
    JsonNode created =
        api.post(
            "/api/v1/requests",
            Map.of(
                "application", APP,
                "environment", env,
                "process", process,
                "versions", Map.of(COMPONENT, version),
                "properties", Map.of()));
    RequestWatcher.follow(api, created.get("id").asLong(), false);
    JsonNode v = api.get("/api/v1/components/" + COMPONENT + "/versions/" + version);
    System.out.println("  statuses of " + version + ": " + Output.text(v.get("statuses")));
  }

  /** Why the Docker part cannot run here, or null. */
  private static String dockerProblem() {
    if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock")))
      return "No Docker engine (no /var/run/docker.sock and no DOCKER_HOST)";
    try {
      http("http://localhost:5000/v2/");
      return null;
    } catch (IOException e) {
      return "No Docker registry on localhost:5000";
    }
  }

  private static String http(String url) throws IOException {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
