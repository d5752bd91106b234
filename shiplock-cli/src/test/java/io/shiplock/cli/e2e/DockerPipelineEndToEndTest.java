package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.agent.Agent;
import io.shiplock.agent.AgentSettings;
import io.shiplock.cli.CliRunner;
import io.shiplock.server.TestServer;
import io.shiplock.server.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's pipeline for real: the example configuration, the example service's source as
 * versions, two agents, a real Docker engine and a real registry. One passing version flows to
 * Production; one broken version is marked failed, never tagged tested, and refused at the
 * Production gate. Test methods run in order: each is one stage of the same pipeline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerPipelineEndToEndTest {
  private static final String APP = "ContinuousTestServices";
  private static final String C = "SimpleTopologyService";
  private static final String REGISTRY = "localhost:5000";
  private static final String IMAGE = "simpletopologyservice";

  /** Unique names keep runs apart in the shared registry. */
  private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

  private static final String GOOD = "1.0-" + RUN;
  private static final String BAD = "1.1-" + RUN;
  private static final String NEXT = "1.2-" + RUN;

  @TempDir static Path dir;
  private static TestServer server;
  private static String token;
  private static final List<Agent> agents = new ArrayList<>();

  @BeforeAll
  static void pipeline() throws Exception {
    DockerAvailable.require();
    server = new TestServer("h2");
    token = server.adminToken();
    assertThat(cli("apply", "-f", "../examples/continuous-test-services").code()).isZero();
    for (String agent : List.of("integration-agent", "leanjazz-agent")) {
      String t = server.agentToken(token, agent);
      agents.add(new Agent(new AgentSettings(server.url(), t, agent, dir.resolve(agent))).start());
    }
    // The broken version: the same source with a topology missing, as a bad commit would be.
    Path broken = dir.resolve("broken");
    copy(Path.of("../examples/simple-topology-service"), broken);
    Path data = broken.resolve("service/www/topologies.json");
    Files.writeString(data, Files.readString(data).replace("clm-enterprise", "clm-gone"));
  }

  @AfterAll
  static void stop() throws Exception {
    agents.forEach(Agent::close);
    if (server != null) server.close();
    for (String slot : List.of("private", "production", "integration")) {
      new ProcessBuilder("/usr/bin/docker", "rm", "-f", IMAGE + "-" + slot)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    }
    new ProcessBuilder("/usr/bin/docker", "service", "rm", IMAGE + "-swarm")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
  }

  @Test
  @Order(1)
  void versionsCarryTheSourceFilesAndSecondUploadsOnlyWhatChanged() {
    CliRunner.Run first =
        cli(
            "versions",
            "create",
            "--component",
            C,
            "--name",
            GOOD,
            "--from",
            "../examples/simple-topology-service");
    assertThat(first.code()).as(first.err()).isZero();
    CliRunner.Run second =
        cli(
            "versions",
            "create",
            "--component",
            C,
            "--name",
            BAD,
            "--from",
            dir.resolve("broken").toString());
    assertThat(second.code()).as(second.err()).isZero();
    // Only the changed file's content travels the second time.
    long changed = dir.resolve("broken/service/www/topologies.json").toFile().length();
    assertThat(second.err()).contains("uploaded " + changed + " bytes of new content");
    JsonNode files = get("/api/v1/components/" + C + "/versions/" + GOOD + "/files");
    assertThat(files.findValuesAsText("path"))
        .contains("service/Dockerfile", "service/www/cgi-bin/topologies", "tests/run-tests.sh");
    assertThat(files.toString()).contains("\"executable\":true");
  }

  @Test
  @Order(2)
  void aPassingVersionIsBuiltTestedAndPushedAsLatestTestedAndItsVersion() throws Exception {
    CliRunner.Run run = request("Private Docker Registry", "build_test_publish", GOOD);
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(statuses(GOOD))
        .as(() -> cli("logs", String.valueOf(lastRequest())).out())
        .containsExactly("FunctionalRegressionPassed");
    assertThat(tags()).contains("latest", "tested", GOOD);
    JsonNode entry = inventory("Private Docker Registry");
    assertThat(entry.get("version").asText()).isEqualTo(GOOD);
    assertThat(entry.findValuesAsText("statuses").toString()).isNotNull();
    assertThat(texts(entry.get("statuses"))).containsExactly("Loaded", "Running", "Hosted");
    assertThat(entry.at("/properties/imageId").asText()).startsWith("sha256:");
    assertThat(entry.at("/properties/containerId").asText()).hasSize(64);
    String log = cli("logs", String.valueOf(lastRequest())).out();
    assertThat(log).contains("PASS lists-all-three").contains("built sha256:");
  }

  @Test
  @Order(3)
  void thePassingVersionRunsInProduction() throws Exception {
    CliRunner.Run run = request("Production", "pull_run", GOOD);
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    JsonNode entry = inventory("Production");
    assertThat(entry.get("version").asText()).isEqualTo(GOOD);
    assertThat(texts(entry.get("statuses"))).containsExactly("Loaded", "Running");
    assertServes("http://127.0.0.1:18083/cgi-bin/topologies", "clm-enterprise");
    // The same version again: the install is skipped, the container is replaced.
    CliRunner.Run again = request("Production", "pull_run", GOOD);
    assertThat(again.code()).isZero();
    assertThat(get("/api/v1/requests/" + lastRequest()).toString()).contains("is already on");
  }

  @Test
  @Order(4)
  void aBrokenVersionFailsItsTestsIsNotTaggedTestedAndIsRefusedByTheProductionGate()
      throws Exception {
    String testedBefore = digest("tested");
    CliRunner.Run run = request("Private Docker Registry", "build_test_publish", BAD);
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(statuses(BAD)).containsExactly("FunctionalRegressionFailed");
    assertThat(tags()).doesNotContain(BAD);
    assertThat(digest("tested")).isEqualTo(testedBefore);
    assertThat(cli("logs", String.valueOf(lastRequest())).out()).contains("FAIL lists-all-three");
    CliRunner.Run refused = request("Production", "pull_run", BAD);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("Production").contains("FunctionalRegressionPassed");
    assertThat(inventory("Production").get("version").asText()).isEqualTo(GOOD);
  }

  @Test
  @Order(5)
  void rollbackPutsBackTheVersionThatRanBefore() throws Exception {
    String next = NEXT;
    Path source = dir.resolve("next");
    copy(Path.of("../examples/simple-topology-service"), source);
    Files.writeString(source.resolve("README.md"), "next\n", StandardOpenOption.APPEND);
    assertThat(
            cli("versions", "create", "--component", C, "--name", next, "--from", source.toString())
                .code())
        .isZero();
    assertThat(request("Private Docker Registry", "build_test_publish", next).code()).isZero();
    assertThat(request("Production", "pull_run", next).code()).isZero();
    assertThat(inventory("Production").get("version").asText()).isEqualTo(next);
    CliRunner.Run back =
        cli("request", "--app", APP, "--env", "Production", "--process", "rollback", "--wait");
    assertThat(back.code()).as(back.out() + back.err()).isZero();
    JsonNode entry = inventory("Production");
    assertThat(entry.get("version").asText()).isEqualTo(GOOD);
    assertThat(texts(entry.get("statuses"))).containsExactly("Loaded", "Running");
    JsonNode history =
        get(
            "/api/v1/applications/"
                + APP
                + "/inventory/history?environment=Production&component="
                + C
                + "&resource="
                + entry.get("resource").asText().replace("/", "%2F"));
    assertThat(history.get(0).get("version").asText()).isEqualTo(GOOD);
    assertThat(history.findValuesAsText("event"))
        .contains("installed", "install-started", "status-added");
  }

  @Test
  @Order(6)
  void publishingToThePublicRegistryWaitsForAReleaseManagersApproval() throws Exception {
    server.server().auth().createUser("rita", "rita-password-1", false, null, "test");
    CliRunner.Run waiting =
        cli(
            "request",
            "--app",
            APP,
            "--env",
            "Public DockerHub",
            "--process",
            "publish",
            "--version",
            C + ":" + GOOD,
            "-o",
            "json");
    assertThat(waiting.code()).as(waiting.err()).isZero();
    long id = Json.MAPPER.readTree(waiting.out()).get("id").asLong();
    assertThat(get("/api/v1/requests/" + id).get("state").asText()).isEqualTo("WAITING_APPROVAL");
    // The requester (admin) may not approve their own request here.
    CliRunner.Run self = cli("approve", String.valueOf(id), "--comment", "mine");
    assertThat(self.err()).contains("forbids self-approval");
    String rita =
        server
            .send(
                "POST",
                "/api/v1/login",
                null,
                "{\"user\": \"rita\", \"password\": \"rita-password-1\"}")
            .json()
            .get("token")
            .asText();
    CliRunner.Run approved =
        CliRunner.exec(
            null,
            "approve",
            String.valueOf(id),
            "--comment",
            "license reviewed",
            "--server=" + server.url(),
            "--token=" + rita);
    assertThat(approved.out()).as(approved.err()).contains("approved; it runs now");
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> !get("/api/v1/requests/" + id).get("state").asText().matches("QUEUED|RUNNING"));
    assertThat(get("/api/v1/requests/" + id).get("state").asText()).isEqualTo("SUCCEEDED");
    JsonNode tags =
        Json.MAPPER.readTree(http("http://localhost:5001/v2/" + IMAGE + "/tags/list")).get("tags");
    assertThat(texts(tags)).contains("latest", "tested", GOOD);
    assertThat(texts(inventory("Public DockerHub").get("statuses"))).contains("Hosted");
  }

  @Test
  @Order(7)
  void theSwarmEnvironmentRunsTheVersionAsAServicePinnedToItsDigest() throws Exception {
    CliRunner.Run run = request("Swarm", "swarm_deploy", GOOD);
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    JsonNode entry = inventory("Swarm");
    assertThat(entry.get("version").asText()).isEqualTo(GOOD);
    assertThat(texts(entry.get("statuses"))).containsExactly("Running");
    // The inventory records the service and the digest of the image it runs.
    assertThat(entry.at("/properties/swarmService").asText()).isEqualTo(IMAGE + "-swarm");
    assertThat(entry.at("/properties/swarmImage").asText())
        .isEqualTo(REGISTRY + "/" + IMAGE + ":" + GOOD + "@" + digest(GOOD));
    assertServes("http://127.0.0.1:18084/cgi-bin/topologies", "clm-enterprise");

    // A rolling update to the next good version.
    CliRunner.Run update = request("Swarm", "swarm_deploy", NEXT);
    assertThat(update.code()).as(update.out() + update.err()).isZero();
    assertThat(inventory("Swarm").at("/properties/swarmImage").asText())
        .isEqualTo(REGISTRY + "/" + IMAGE + ":" + NEXT + "@" + digest(NEXT));
    assertThat(cli("logs", String.valueOf(lastRequest())).out())
        .contains("updating service " + IMAGE + "-swarm", "service " + IMAGE + "-swarm: completed");

    // The gate guards the Swarm as it guards Production.
    CliRunner.Run refused = request("Swarm", "swarm_deploy", BAD);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("Swarm").contains("FunctionalRegressionPassed");

    // Rollback: the version that ran before, rolled out again.
    CliRunner.Run back =
        cli("request", "--app", APP, "--env", "Swarm", "--process", "swarm_rollback", "--wait");
    assertThat(back.code()).as(back.out() + back.err()).isZero();
    JsonNode after = inventory("Swarm");
    assertThat(after.get("version").asText()).isEqualTo(GOOD);
    assertThat(after.at("/properties/swarmImage").asText())
        .endsWith(":" + GOOD + "@" + digest(GOOD));
    assertServes("http://127.0.0.1:18084/cgi-bin/topologies", "clm-enterprise");
  }

  private static CliRunner.Run request(String env, String process, String version) {
    return cli(
        "request",
        "--app",
        APP,
        "--env",
        env,
        "--process",
        process,
        "--version",
        C + ":" + version,
        "--wait");
  }

  private static long lastRequest() {
    return get("/api/v1/requests").get(0).get("id").asLong();
  }

  private static List<String> statuses(String version) {
    return texts(get("/api/v1/components/" + C + "/versions/" + version).get("statuses"));
  }

  private static JsonNode inventory(String env) {
    JsonNode rows =
        get("/api/v1/applications/" + APP + "/inventory?environment=" + env.replace(" ", "%20"));
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> tags() throws Exception {
    JsonNode n = Json.MAPPER.readTree(http("http://" + REGISTRY + "/v2/" + IMAGE + "/tags/list"));
    return texts(n.get("tags"));
  }

  private static String digest(String tag) throws Exception {
    HttpResponse<Void> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://" + REGISTRY + "/v2/" + IMAGE + "/manifests/" + tag))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    return r.headers().firstValue("Docker-Content-Digest").orElse(null);
  }

  /**
   * The address answers with the text within 30 s: a container just run detached has no health
   * check, and its server may not listen yet when the step ends.
   */
  private static void assertServes(String url, String text) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(http(url)).contains(text));
  }

  private static String http(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static JsonNode get(String path) {
    return server.send("GET", path, token, null).json();
  }

  private static CliRunner.Run cli(String... args) {
    String[] full = Arrays.copyOf(args, args.length + 2);
    full[args.length] = "--server=" + server.url();
    full[args.length + 1] = "--token=" + token;
    return CliRunner.exec(null, full);
  }

  private static void copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(t);
        else Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}
