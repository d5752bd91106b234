package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.agent.Agent;
import io.shiplock.agent.AgentSettings;
import io.shiplock.core.config.Planner;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.config.SourceFiles;
import io.shiplock.core.model.Kind;
import io.shiplock.core.steps.StepCatalog;
import io.shiplock.server.TestServer;
import io.shiplock.server.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every valid/ document of the configuration corpus (shiplock-core's ConfigCorpusTest plans them)
 * is applied to a real server with its agents running in this JVM, and run: each line of the .run
 * file beside it is a request, made and awaited to the state the line names. Planning cleanly is
 * not enough; a document that plans but cannot run is a defect of the reader or of the engine.
 */
class CorpusRunTest {
  private static final Path VALID = Path.of("../shiplock-core/src/test/resources/config/valid");
  private static final List<String> UNFINISHED = List.of("QUEUED", "RUNNING", "WAITING_APPROVAL");

  @TempDir Path dir;

  static Stream<Path> valid() throws IOException {
    try (Stream<Path> files = Files.list(VALID)) {
      return files.filter(p -> !p.toString().endsWith(".run")).sorted().toList().stream();
    }
  }

  /** One line of a .run file: {@code App Env process [Component=version ...] -> STATE}. */
  record Run(
      String application,
      String environment,
      String process,
      Map<String, String> versions,
      String ends) {
    static Run parse(String line) {
      String[] sides = line.split("->");
      String[] words = sides[0].trim().split("\\s+");
      Map<String, String> versions = new LinkedHashMap<>();
      for (int i = 3; i < words.length; i++) {
        String[] cv = words[i].split("=", 2);
        versions.put(cv[0], cv[1]);
      }
      return new Run(words[0], words[1], words[2], versions, sides[1].trim());
    }
  }

  @ParameterizedTest
  @MethodSource("valid")
  void everyValidDocumentAppliesAndRuns(Path file) throws Exception {
    Path runFile = Path.of(file.toString().replaceAll("\\.(ya?ml|json)$", ".run"));
    assertThat(runFile).as("%s needs a .run file saying what to request", file).exists();
    List<Run> runs =
        Files.readAllLines(runFile).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .map(Run::parse)
            .toList();
    assertThat(runs).as("%s runs nothing", runFile).isNotEmpty();
    List<SourceFile> files = SourceFiles.load(file);
    List<String> agentNames =
        new Planner(StepCatalog.discover())
            .plan(files, List.of(), false).changes().stream()
                .filter(c -> c.key().kind() == Kind.AGENT)
                .map(c -> c.key().name())
                .toList();

    List<Agent> agents = new ArrayList<>();
    TestServer server = new TestServer("sqlite");
    try {
      String token = server.adminToken();
      var applied = server.apply(token, files);
      assertThat(applied.status()).as(applied.body()).isEqualTo(200);
      for (String name : agentNames) {
        String agentToken = server.agentToken(token, name);
        agents.add(
            new Agent(new AgentSettings(server.url(), agentToken, name, dir.resolve(name)))
                .start());
      }
      for (Run run : runs) {
        for (var v : run.versions().entrySet()) {
          // A later line may name a version an earlier one created.
          var created =
              server.send(
                  "POST",
                  "/api/v1/components/" + v.getKey() + "/versions",
                  token,
                  Json.MAPPER.writeValueAsString(Map.of("name", v.getValue())));
          assertThat(created.status()).as(created.body()).isIn(201, 409);
        }
        var request =
            server.send(
                "POST",
                "/api/v1/requests",
                token,
                Json.MAPPER.writeValueAsString(
                    Map.of(
                        "application", run.application(),
                        "environment", run.environment(),
                        "process", run.process(),
                        "versions", run.versions())));
        assertThat(request.status()).as("%s: %s", run, request.body()).isEqualTo(201);
        long id = request.json().get("id").asLong();
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> !UNFINISHED.contains(state(server, token, id).get("state").asText()));
        JsonNode ended = state(server, token, id);
        assertThat(ended.get("state").asText()).as("%s: %s", run, ended).isEqualTo(run.ends());
      }
    } finally {
      for (Agent a : agents) a.close();
      server.close();
    }
  }

  private static JsonNode state(TestServer server, String token, long id) {
    return server.send("GET", "/api/v1/requests/" + id, token, null).json();
  }
}
