package io.shiplock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `request --wait` prints steps in the order they ended, a parent after its children. */
class RequestWatcherTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode step(String path, String finishedAt) {
    return JSON.createObjectNode().put("path", path).put("finishedAt", finishedAt);
  }

  @Test
  void aParentThatEndsWithItsChildrenComesAfterThem() {
    String t = "2026-11-30T21:00:01.100500Z"; // a time, not a string: 01.1 < 01.1005
    List<JsonNode> asTheApiListsThem =
        List.of(
            step("deploy", t),
            step("deploy / agent-a/Svc", t),
            step("deploy / agent-a/Svc / run", t),
            step("deploy / agent-a/Svc / check", "2026-11-30T21:00:01.1Z"));
    assertThat(RequestWatcher.completionOrder(asTheApiListsThem))
        .extracting(s -> s.get("path").asText())
        .containsExactly(
            "deploy / agent-a/Svc / check",
            "deploy / agent-a/Svc / run",
            "deploy / agent-a/Svc",
            "deploy");
  }
}
