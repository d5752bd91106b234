package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.engine.StepState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Follows a request: prints each step as it ends, then the result; exit code 0 only on success. */
final class RequestWatcher {
  private RequestWatcher() {}

  /**
   * Steps that ended since the last look, in the order they ended: by end time, and a parent after
   * its children when they end together (the API lists a parent first, which printed a parent's end
   * before its children's).
   */
  static List<JsonNode> completionOrder(List<JsonNode> ended) {
    List<JsonNode> out = new ArrayList<>(ended);
    out.sort(
        Comparator.comparing((JsonNode s) -> endedAt(s))
            .thenComparingInt(s -> -depth(s.path("path").asText())));
    return out;
  }

  private static Instant endedAt(JsonNode s) {
    try {
      return Instant.parse(s.path("finishedAt").asText());
    } catch (DateTimeParseException e) {
      return Instant.MAX; // not said: last
    }
  }

  private static int depth(String path) {
    return path.split(" / ", -1).length;
  }

  static int follow(ApiClient api, long id, boolean json) throws InterruptedException {
    Set<Long> printed = new HashSet<>();
    Set<Long> toldWaitingSteps = new HashSet<>();
    boolean toldWaiting = false;
    boolean toldScheduled = false;
    long toldQueuedBehind = 0;
    if (!json) System.out.println("request " + id + " started");
    while (true) {
      JsonNode r = api.get("/api/v1/requests/" + id);
      if (!json) {
        List<JsonNode> ended = new ArrayList<>();
        for (JsonNode s : r.path("steps")) {
          String state = s.path("state").asText();
          boolean ran = StepState.hasEnded(state) && !state.equals(StepState.NOT_RUN.name());
          if (ran && printed.add(s.path("id").asLong())) ended.add(s);
          // A step that waits (for a lock, a person, a timer) says for what, once.
          if (state.equals(StepState.WAITING.name())
              && s.hasNonNull("message")
              && toldWaitingSteps.add(s.path("id").asLong()))
            System.out.printf(
                "  %-9s %s — %s%n", state, s.path("path").asText(), s.get("message").asText());
        }
        for (JsonNode s : completionOrder(ended))
          System.out.printf(
              "  %-9s %s%s%n",
              s.path("state").asText(),
              s.path("path").asText(),
              s.hasNonNull("message") ? " — " + s.get("message").asText() : "");
      }
      String state = r.path("state").asText();
      if (state.equals(RequestState.WAITING_APPROVAL.name())) {
        if (!json && !toldWaiting) {
          System.out.println(
              "request "
                  + id
                  + " waits for approval; an approver runs: shiplock approve "
                  + id
                  + " --comment \"…\" (or shiplock reject)");
          toldWaiting = true;
        }
        Thread.sleep(1000);
        continue;
      }
      if (state.equals(RequestState.SCHEDULED.name())) {
        if (!json && !toldScheduled) {
          System.out.println(
              "request "
                  + id
                  + " is scheduled for "
                  + r.path("scheduledFor").asText()
                  + "; it starts then (shiplock cancel "
                  + id
                  + " cancels it)");
          toldScheduled = true;
        }
        Thread.sleep(2000);
        continue;
      }
      long behind = r.path("waitingFor").asLong(0);
      if (!json && behind != 0 && behind != toldQueuedBehind) {
        System.out.println(
            "request "
                + id
                + " is queued behind request "
                + behind
                + ": "
                + r.path("environment").asText()
                + " runs a limited number of requests at once");
        toldQueuedBehind = behind;
      }
      if (RequestState.hasEnded(state)) {
        if (json) {
          System.out.println(Output.json(r));
        } else {
          System.out.println(
              "request "
                  + id
                  + " "
                  + state
                  + (r.hasNonNull("message") ? ": " + r.get("message").asText() : ""));
        }
        return state.equals(RequestState.SUCCEEDED.name()) ? 0 : 1;
      }
      Thread.sleep(300);
    }
  }
}
