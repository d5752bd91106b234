package io.shiplock.server.audit;

import io.shiplock.core.store.AuditRepository.Event;
import io.shiplock.core.store.Repositories;
import java.time.Instant;

/**
 * Writes audit entries, inside the transaction of the action they record wherever there is one, so
 * an action and its entry commit or vanish together. Entries never carry secret values.
 */
public final class Audit {
  private Audit() {}

  public static void record(
      Repositories r,
      Instant at,
      String actor,
      String action,
      String target,
      String outcome,
      String detail) {
    r.audit().append(Event.of(actor, action, target, outcome, detail), at);
  }

  public static void ok(Repositories r, Instant at, String actor, String action, String target) {
    record(r, at, actor, action, target, "success", null);
  }
}
