package io.shiplock.core.engine;

import java.util.List;
import java.util.Optional;

/** What to do next in one step graph: steps to start now, and the outcome once it has ended. */
public record Decision(List<String> start, Optional<Outcome> outcome, List<String> notRun) {
  public Decision {
    start = List.copyOf(start);
    notRun = List.copyOf(notRun);
  }
}
