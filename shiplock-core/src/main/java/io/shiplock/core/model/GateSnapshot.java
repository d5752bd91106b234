package io.shiplock.core.model;

import java.util.Set;

/** What a gate sees of the snapshot a request deploys: its name and its snapshot statuses. */
public record GateSnapshot(String name, Set<String> statuses) {
  public GateSnapshot {
    statuses = Set.copyOf(statuses);
  }
}
