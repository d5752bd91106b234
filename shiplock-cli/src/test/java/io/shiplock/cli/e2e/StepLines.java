package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pipelines whose shell steps each append a line naming themselves to a file and print one, and the
 * checks the cluster tests make on them: every line in the file once, every line in the request's
 * log once, every step run once (attempt 1).
 */
final class StepLines {
  private StepLines() {}

  /**
   * Application {@code Jobs}, process {@code run}: {@code steps} shell steps in a row, alternating
   * between component Left on agent-a and Right on agent-b (environment Prod), each appending
   * {@code sN} to {@code file}, printing {@code out-sN} and then sleeping {@code pause}.
   */
  static String alternating(int steps, Path file, String pause) {
    return alternatingWith(steps, file, "sleep " + pause);
  }

  /**
   * As {@link #alternating(int, Path, String)}, each step pausing until {@code hurry} exists: a
   * pipeline that outlasts whatever the test does meanwhile, however slow, then ends at once.
   */
  static String alternatingUntil(int steps, Path file, String pause, Path hurry) {
    return alternatingWith(steps, file, "[ -e " + hurry + " ] || sleep " + pause);
  }

  private static String alternatingWith(int steps, Path file, String pauseCommand) {
    StringBuilder left = new StringBuilder();
    StringBuilder right = new StringBuilder();
    StringBuilder app = new StringBuilder();
    for (int i = 1; i <= steps; i++) {
      String name = "s" + i;
      StringBuilder component = i % 2 == 1 ? left : right;
      component.append(
          "  - name: %s\n    steps:\n      - {name: %s, type: shell, with: {script: \"echo %s >> %s; echo out-%s; %s\"}}\n"
              .formatted(name, name, name, file, name, pauseCommand));
      app.append(
          "      - {name: %s, type: component.run, with: {component: %s, process: %s}}\n"
              .formatted(name, i % 2 == 1 ? "Left" : "Right", name));
    }
    return """
        kind: Agent
        name: agent-a
        ---
        kind: Agent
        name: agent-b
        ---
        kind: Component
        name: Left
        processes:
        %s---
        kind: Component
        name: Right
        processes:
        %s---
        kind: Application
        name: Jobs
        components: [Left, Right]
        processes:
          - name: run
            steps:
        %s---
        kind: Environment
        application: Jobs
        name: Prod
        resources:
          - agent: agent-a
            children: [{component: Left}]
          - agent: agent-b
            children: [{component: Right}]
        """
        .formatted(left, right, app);
  }

  /**
   * Application {@code Many}, process {@code run}: component Echo's {@code steps} fast shell steps
   * {@code eN}, each appending its name to {@code dir/REQUEST_ID.txt}; environments {@code E1…EN}
   * each on its own agent {@code w1…wN}.
   */
  static String fanOut(int agents, int steps, Path dir) {
    StringBuilder out = new StringBuilder();
    for (int a = 1; a <= agents; a++)
      out.append("kind: Agent\nname: w").append(a).append("\n---\n");
    out.append("kind: Component\nname: Echo\nprocesses:\n  - name: run\n    steps:\n");
    for (int i = 1; i <= steps; i++)
      out.append(
          "      - {name: e%d, type: shell, with: {script: \"echo e%d >> %s/${p:request.id}.txt; echo out-e%d\"}}\n"
              .formatted(i, i, dir, i));
    out.append(
        """
        ---
        kind: Application
        name: Many
        components: [Echo]
        processes:
          - name: run
            steps:
              - {name: run, type: component.run, with: {component: Echo, process: run}}
        """);
    for (int a = 1; a <= agents; a++)
      out.append(
          """
          ---
          kind: Environment
          application: Many
          name: E%d
          resources:
            - agent: w%d
              children: [{component: Echo}]
          """
              .formatted(a, a));
    return out.toString();
  }

  static long request(ServerProcesses api, String application, String environment)
      throws IOException, InterruptedException {
    JsonNode r =
        api.call(
            "POST",
            "/api/v1/requests",
            "{\"application\": \"%s\", \"environment\": \"%s\", \"process\": \"run\"}"
                .formatted(application, environment));
    assertThat(r.has("id")).as(r.toString()).isTrue();
    return r.get("id").asLong();
  }

  /** The request once it has ended (a failed call, as during a failover, is asked again). */
  static JsonNode ended(ServerProcesses api, long id, Duration limit) {
    return await()
        .atMost(limit)
        .pollDelay(Duration.ZERO) // most requests asked about have already ended
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> api.call("GET", "/api/v1/requests/" + id, null),
            r -> !List.of("QUEUED", "RUNNING").contains(r.get("state").asText()));
  }

  /** The shell steps of a request (the component processes' steps). */
  static List<JsonNode> shellSteps(JsonNode request) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode s : request.get("steps")) if (s.get("type").asText().equals("shell")) out.add(s);
    return out;
  }

  /** A step's whole output, page after page. */
  static String log(ServerProcesses api, long step) throws IOException, InterruptedException {
    StringBuilder text = new StringBuilder();
    String after = "0:0";
    while (true) {
      JsonNode page = api.call("GET", "/api/v1/steps/" + step + "/log?after=" + after, null);
      text.append(page.get("data").asText());
      after = page.get("next").asText();
      if (!page.get("more").asBoolean()) return text.toString();
    }
  }

  /** How often each line occurs. */
  static Map<String, Long> counts(List<String> lines) {
    return lines.stream()
        .filter(l -> !l.isBlank())
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
  }

  static Map<String, Long> fileCounts(Path file) throws IOException {
    return counts(Files.readAllLines(file));
  }

  /**
   * The request succeeded, every shell step ran once (attempt 1) and its line is once in the file
   * and its output once in its log.
   */
  static void assertRanOnce(ServerProcesses api, JsonNode request, Path file, String context)
      throws IOException, InterruptedException {
    assertThat(request.get("state").asText()).as("%s%n%s", request, context).isEqualTo("SUCCEEDED");
    List<String> names = new ArrayList<>();
    List<String> logLines = new ArrayList<>();
    for (JsonNode s : shellSteps(request)) {
      String name = s.get("name").asText();
      names.add(name);
      assertThat(s.get("attempt").asInt()).as("step %s ran once: %s", name, s).isEqualTo(1);
      logLines.addAll(log(api, s.get("id").asLong()).lines().toList());
    }
    assertThat(fileCounts(file)).as("each step's line once in %s", file).isEqualTo(counts(names));
    assertThat(counts(logLines))
        .as("each step's output once in the request's log")
        .isEqualTo(counts(names.stream().map(n -> "out-" + n).toList()));
  }

  /** When the first shell step started or finished ({@code field}) after {@code at}, or null. */
  static Instant firstAfter(JsonNode request, String field, Instant at) {
    Instant first = null;
    for (JsonNode s : shellSteps(request)) {
      if (!s.path(field).isTextual()) continue;
      Instant t = Instant.parse(s.get(field).asText());
      if (t.isAfter(at) && (first == null || t.isBefore(first))) first = t;
    }
    return first;
  }
}
