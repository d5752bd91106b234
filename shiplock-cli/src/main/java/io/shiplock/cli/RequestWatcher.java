package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/** Follows a request: prints each step as it ends, then the result; exit code 0 only on success. */
final class RequestWatcher {
  private RequestWatcher() {}

  static int follow(ApiClient api, long id, boolean json) throws InterruptedException {
    Set<Long> printed = new HashSet<>();
    boolean toldWaiting = false;
    if (!json) System.out.println("request " + id + " started");
    while (true) {
      JsonNode r = api.get("/api/v1/requests/" + id);
      if (!json) {
        for (JsonNode s : r.path("steps")) {
          String state = s.path("state").asText();
          boolean ended =
              !state.equals("PENDING")
                  && !state.equals("DISPATCHED")
                  && !state.equals("RUNNING")
                  && !state.equals("WAITING");
          if (ended && !state.equals("NOT_RUN") && printed.add(s.path("id").asLong())) {
            System.out.printf(
                "  %-9s %s%s%n",
                state,
                s.path("path").asText(),
                s.hasNonNull("message") ? " — " + s.get("message").asText() : "");
          }
        }
      }
      String state = r.path("state").asText();
      if (state.equals("WAITING_APPROVAL")) {
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
      if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
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
        return state.equals("SUCCEEDED") ? 0 : 1;
      }
      Thread.sleep(300);
    }
  }
}
