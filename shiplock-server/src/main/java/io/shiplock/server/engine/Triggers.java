package io.shiplock.server.engine;

import io.shiplock.core.model.Kind;
import io.shiplock.core.model.TriggerSpec;
import io.shiplock.core.store.Store;
import io.shiplock.server.audit.Audit;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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
  private final Engine engine;

  Triggers(Store store, Clock clock, Engine engine) {
    this.store = store;
    this.clock = clock;
    this.engine = engine;
  }

  public void versionCreated(String component, long versionId, String version) {
    for (TriggerSpec t : triggers())
      if (t.when().equals(TriggerSpec.VERSION_CREATED) && t.component().equals(component))
        fire(t, versionId, version, "version " + version + " created");
  }

  public void statusAdded(String component, long versionId, String version, String status) {
    for (TriggerSpec t : triggers())
      if (t.when().equals(TriggerSpec.STATUS_ADDED)
          && t.component().equals(component)
          && status.equals(t.status()))
        fire(t, versionId, version, status + " added to " + version);
  }

  private List<TriggerSpec> triggers() {
    return store.read(r -> r.config().list(Kind.TRIGGER)).stream()
        .map(o -> (TriggerSpec) o)
        .toList();
  }

  private void fire(TriggerSpec t, long versionId, String version, String why) {
    if (t.paused()) return;
    String actor = "trigger:" + t.name();
    boolean claimed = store.write(r -> r.sources().claim(t.name(), versionId, clock.instant()));
    if (!claimed) return; // this version fired this trigger already
    Long requestId = null;
    String outcome;
    String detail;
    try {
      requestId =
          engine.submit(
              t.application(),
              t.environment(),
              t.process(),
              Map.of(t.component(), version),
              Map.of("trigger", t.name()),
              actor);
      outcome = "REQUESTED";
      detail = why + ": request " + requestId;
    } catch (RequestRefused e) {
      outcome = "REFUSED";
      detail = why + ": " + e.getMessage();
    } catch (RuntimeException e) {
      LOG.warn("trigger {} failed: {}", t.name(), e.toString());
      outcome = "FAILED";
      detail = why + ": " + e.getMessage();
    }
    Long rid = requestId;
    String o = outcome;
    String d = detail;
    store.write(
        r -> {
          r.sources().fired(t.name(), versionId, rid, o, d);
          Audit.record(
              r,
              clock.instant(),
              actor,
              "trigger.fire",
              t.process() + " on " + t.application() + "/" + t.environment(),
              o.equals("REQUESTED") ? "success" : "refused",
              d);
          return null;
        });
  }
}
