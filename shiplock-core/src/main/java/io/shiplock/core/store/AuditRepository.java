package io.shiplock.core.store;

import java.time.Instant;
import java.util.List;

/**
 * The audit log: append-only. There is deliberately no update or delete here, and no API route
 * changes an entry.
 */
public interface AuditRepository {
  /** One entry: who did what to which target, whether it was allowed, and a short detail. */
  record Event(
      long id,
      Instant at,
      String actor,
      String action,
      String target,
      String outcome,
      String detail) {
    public static Event of(
        String actor, String action, String target, String outcome, String detail) {
      return new Event(0, null, actor, action, target, outcome, detail);
    }
  }

  void append(Event e, Instant at);

  /** Newest first; null filters match everything; {@code action} matches a prefix. */
  List<Event> list(Instant since, String actor, String action, int limit);
}
