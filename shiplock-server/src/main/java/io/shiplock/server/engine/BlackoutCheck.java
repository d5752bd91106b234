package io.shiplock.server.engine;

import io.shiplock.core.release.BlackoutWindows.Window;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.server.audit.Audit;
import java.time.Instant;
import java.util.Optional;

/**
 * A request about to start meets the blackout windows of its environment as they are now: it
 * starts, waits for their end (it asked to), or is refused naming the window. Every start that was
 * not checked when the request was made runs this: a scheduled request at its time, a request whose
 * approval completed. An admin's override (given only while a window was there) holds for the
 * windows met at the start too, and is audited again when it is used.
 */
record BlackoutCheck(Instant waitUntil, String refusal) {
  static final BlackoutCheck START = new BlackoutCheck(null, null);

  boolean starts() {
    return waitUntil == null && refusal == null;
  }

  static BlackoutCheck at(Repositories r, Request req, Instant now) {
    String app = req.application();
    String env = req.environment();
    Optional<Window> window = Blackouts.at(r, app, env, now);
    if (window.isEmpty()) return START;
    Window w = window.get();
    return switch (req.blackoutPolicy()) {
      case WAIT -> {
        Optional<Instant> end = Blackouts.clearFrom(r, app, env, now);
        if (end.isEmpty()) yield new BlackoutCheck(null, Blackouts.endless(app, env, w));
        Audit.record(
            r,
            now,
            null,
            "request.reschedule",
            "request " + req.id(),
            "success",
            "waits for the end of " + w.describe() + ": scheduled for " + end.get());
        yield new BlackoutCheck(end.get(), null);
      }
      case OVERRIDE -> {
        Audit.record(
            r,
            now,
            req.requestedBy(),
            "blackout.override",
            "request " + req.id(),
            "success",
            "starts inside " + w.describe() + " as overridden when it was made");
        yield START;
      }
      case REFUSE -> new BlackoutCheck(null, Blackouts.refusal(app, env, w));
    };
  }
}
