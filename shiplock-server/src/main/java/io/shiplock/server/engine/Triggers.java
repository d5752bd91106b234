package io.shiplock.server.engine;

import io.shiplock.core.model.Kind;
import io.shiplock.core.model.TriggerSpec;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.Store;
import io.shiplock.server.audit.Audit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triggers as configured: a new version, or a version status added, requests a process on an
 * environment with that version. Each (trigger, version) fires at most once — claimed in the
 * database before the request is made — and the request goes through the same gates and approvals
 * as one a person makes; what happened is in the audit log.
 */
public final class Triggers {
  private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);

  private final Store store;
  private final Clock clock;

  Triggers(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Fires the triggers of a new version; returns the requests they made, for the engine to begin.
   */
  List<NewRequests.Created> versionCreated(String component, long versionId, String version) {
    List<NewRequests.Created> made = new ArrayList<>();
    for (TriggerSpec t : triggers())
      if (t.when() == TriggerSpec.When.VERSION_CREATED && t.component().equals(component))
        fire(t, versionId, version, "version " + version + " created").ifPresent(made::add);
    return made;
  }

  /** As above when a version gets a status. */
  List<NewRequests.Created> statusAdded(
      String component, long versionId, String version, String status) {
    List<NewRequests.Created> made = new ArrayList<>();
    for (TriggerSpec t : triggers())
      if (t.when() == TriggerSpec.When.STATUS_ADDED
          && t.component().equals(component)
          && status.equals(t.status()))
        fire(t, versionId, version, status + " added to " + version).ifPresent(made::add);
    return made;
  }

  private List<TriggerSpec> triggers() {
    return store.read(r -> r.config().list(Kind.TRIGGER)).stream()
        .map(o -> (TriggerSpec) o)
        .toList();
  }

  /**
   * Fires a trigger for a version at most once: the claim, the new request, its record and audit
   * entry are one transaction, so a crash leaves either all of them or none (and the outbox applies
   * the effect again). A refused request is recorded, once, in a second transaction.
   */
  private Optional<NewRequests.Created> fire(
      TriggerSpec t, long versionId, String version, String why) {
    if (t.paused()) return Optional.empty();
    String actor = "trigger:" + t.name();
    Instant now = clock.instant();
    NewRequests.Created created;
    try {
      created =
          store.write(
              r -> {
                if (!r.sources().claim(t.name(), versionId, now)) return null;
                NewRequests.Created c =
                    NewRequests.create(
                        r,
                        t.application(),
                        t.environment(),
                        t.process(),
                        Map.of(t.component(), version),
                        Map.of("trigger", t.name()),
                        null,
                        actor,
                        now,
                        Timing.NOW);
                fired(r, t, versionId, c.id(), "REQUESTED", why + ": request " + c.id(), now);
                return c;
              });
    } catch (RequestRefused e) {
      recordOnce(t, versionId, "REFUSED", why + ": " + e.getMessage(), now);
      return Optional.empty();
    } catch (RuntimeException e) {
      LOG.warn("trigger {} failed: {}", t.name(), e.toString());
      recordOnce(t, versionId, "FAILED", why + ": " + e.getMessage(), now);
      return Optional.empty();
    }
    return Optional.ofNullable(created);
  }

  private void recordOnce(
      TriggerSpec t, long versionId, String outcome, String detail, Instant at) {
    store.write(
        r -> {
          if (r.sources().claim(t.name(), versionId, at))
            fired(r, t, versionId, null, outcome, detail, at);
          return null;
        });
  }

  private static void fired(
      Repositories r,
      TriggerSpec t,
      long versionId,
      Long requestId,
      String outcome,
      String detail,
      Instant at) {
    r.sources().fired(t.name(), versionId, requestId, outcome, detail);
    Audit.record(
        r,
        at,
        "trigger:" + t.name(),
        "trigger.fire",
        t.process() + " on " + t.application() + "/" + t.environment(),
        outcome.equals("REQUESTED") ? "success" : "refused",
        detail);
  }
}
