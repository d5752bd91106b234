package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.engine.RequestState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description =
        "Prints the output of a request's steps; --follow keeps printing until the request ends.")
final class LogsCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "REQUEST")
  long id;

  @Option(
      names = "--step",
      paramLabel = "NAME",
      description = "Only steps with this name (or path).")
  String step;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new output until the request ends.")
  boolean follow;

  @Override
  public Integer call() throws InterruptedException {
    ApiClient api = client.client();
    Map<Long, String> cursor = new HashMap<>();
    boolean found = step == null;
    while (true) {
      JsonNode r = api.get("/api/v1/requests/" + id);
      for (JsonNode s : r.path("steps")) {
        if (step != null
            && !s.path("name").asText().equals(step)
            && !s.path("path").asText().equals(step)) continue;
        found = true;
        // Agent steps write output, whatever their type (files.*, http.check, swarm.*, plug-ins).
        // Application-level steps have no agent; server steps inside a component process do, and
        // their log is empty (one cheap read each).
        if (!s.hasNonNull("agent") || s.path("type").asText().equals("component.process")) continue;
        long stepId = s.path("id").asLong();
        while (true) {
          String after = cursor.getOrDefault(stepId, "0:0");
          JsonNode log = api.get("/api/v1/steps/" + stepId + "/log?after=" + after);
          String data = log.path("data").asText();
          if (!data.isEmpty()) {
            if (after.equals("0:0")) System.out.println("==> " + s.path("path").asText() + " <==");
            System.out.print(data);
          }
          cursor.put(stepId, log.path("next").asText());
          if (!log.path("more").asBoolean()) break;
        }
      }
      System.out.flush();
      String state = r.path("state").asText();
      if (!follow || !RequestState.parse(state).map(RequestState::isAdvancing).orElse(false)) {
        // A misspelt step would otherwise print nothing, like a step that printed nothing.
        if (!found) throw unknownStep(r);
        return 0;
      }
      Thread.sleep(300);
    }
  }

  private CliException unknownStep(JsonNode r) {
    Set<String> names = new TreeSet<>();
    r.path("steps").forEach(s -> names.add(s.path("name").asText()));
    String state = r.path("state").asText();
    boolean active = !RequestState.hasEnded(state);
    return new CliException(
        "request "
            + id
            + " has no step '"
            + step
            + "'"
            + (active ? " yet (it is " + state + "; --follow waits for it)" : ""),
        List.of(names.isEmpty() ? "it has no steps" : "its steps: " + String.join(", ", names)));
  }
}
