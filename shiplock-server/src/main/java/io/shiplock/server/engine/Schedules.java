package io.shiplock.server.engine;

import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ScheduleSpec;
import io.shiplock.core.release.CronSchedule;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.Store;
import io.shiplock.server.audit.Audit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recurring schedules as configured ({@code kind: Schedule}): at each time of its cron expression a
 * schedule requests its process with the versions it names, through the same gate, approvals and
 * blackout windows as a person's request. Each (schedule, time) fires at most once on any number of
 * nodes — claimed in the database in the transaction that makes the request — and what happened is
 * recorded with the claim and in the audit log.
 */
final class Schedules {
  private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);

  /**
   * A time missed by less than this (a server down, restarted) still fires; an older one is
   * recorded as missed instead, so a server back after a week does not deploy last week's release.
   */
  static final Duration MISSED_GRACE = Duration.ofMinutes(10);

  /** How many versions of a component are searched for {@code latest:STATUS}. */
  private static final int STATUS_SEARCH = 500;

  private final Store store;
  private final Clock clock;

  Schedules(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Fires every schedule whose time came since it last fired; returns the requests made. */
  List<NewRequests.Created> due() {
    Instant now = clock.instant();
    List<NewRequests.Created> made = new ArrayList<>();
    List<ScheduleSpec> all =
        store.read(r -> r.config().list(Kind.SCHEDULE)).stream()
            .map(o -> (ScheduleSpec) o)
            .toList();
    for (ScheduleSpec s : all) {
      if (s.paused()) continue;
      try {
        fire(s, now).ifPresent(made::add);
      } catch (RuntimeException e) {
        // One schedule that cannot fire does not keep the others from firing.
        LOG.warn("schedule {} could not fire: {}", s.name(), e.toString());
      }
    }
    return made;
  }

  private Optional<NewRequests.Created> fire(ScheduleSpec s, Instant now) {
    Optional<Instant> time = CronSchedule.parse(s.cron(), s.timeZone()).lastAtOrBefore(now);
    Optional<Instant> last = store.read(r -> r.runs().lastFiring(s.name()));
    if (last.isEmpty()) {
      // First sight of the schedule: it fires from now on, not for a time before it existed.
      store.write(r -> armed(r, s, now));
      return Optional.empty();
    }
    if (time.isEmpty() || !time.get().isAfter(last.get())) return Optional.empty();
    Instant at = time.get();
    String why = "schedule time " + at;
    if (Duration.between(at, now).compareTo(MISSED_GRACE) > 0) {
      record(s, at, "MISSED", why + " passed while no server was running; skipped", now);
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(
          store.write(
              r -> {
                if (!r.runs().claimFiring(s.name(), at)) return null;
                NewRequests.Created c =
                    NewRequests.create(
                        r,
                        s.application(),
                        s.environment(),
                        s.process(),
                        versions(r, s),
                        Map.of("schedule", s.name()),
                        s.snapshot(),
                        "schedule:" + s.name(),
                        now,
                        Timing.NOW);
                fired(r, s, at, c.id(), "REQUESTED", why + ": request " + c.id(), now);
                return c;
              }));
    } catch (RequestRefused e) {
      record(s, at, "REFUSED", why + ": " + e.getMessage(), now);
    } catch (RuntimeException e) {
      LOG.warn("schedule {} failed: {}", s.name(), e.toString());
      record(s, at, "FAILED", why + ": " + e.getMessage(), now);
    }
    return Optional.empty();
  }

  private static Void armed(Repositories r, ScheduleSpec s, Instant now) {
    if (r.runs().claimFiring(s.name(), now))
      r.runs().fired(s.name(), now, null, "ARMED", "first seen; fires from now on");
    return null;
  }

  /** The versions the schedule names, each word resolved now. */
  private static Map<String, String> versions(Repositories r, ScheduleSpec s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s.snapshot() != null) {
      var snap =
          r.snapshots()
              .find(s.application(), s.snapshot())
              .orElseThrow(
                  () ->
                      new RequestRefused(
                          404,
                          "application '"
                              + s.application()
                              + "' has no snapshot named '"
                              + s.snapshot()
                              + "'"));
      snap.versions().forEach(v -> out.put(v.component(), v.version()));
      return out;
    }
    s.versions().forEach((component, word) -> out.put(component, version(r, component, word)));
    return out;
  }

  private static String version(Repositories r, String component, String word) {
    String status = ScheduleSpec.latestStatus(word);
    if (!word.equals(ScheduleSpec.LATEST) && status == null) return word;
    List<ComponentVersion> newest =
        r.versions().list(component, status == null ? 1 : STATUS_SEARCH);
    return newest.stream()
        .filter(v -> status == null || v.statuses().contains(status))
        .findFirst()
        .map(ComponentVersion::name)
        .orElseThrow(
            () ->
                new RequestRefused(
                    409,
                    "component '"
                        + component
                        + "' has no version"
                        + (status == null ? "" : " with status '" + status + "'")
                        + " to deploy"));
  }

  /** A firing that made no request, recorded once (another node may have claimed it first). */
  private void record(ScheduleSpec s, Instant at, String outcome, String detail, Instant now) {
    store.write(
        r -> {
          if (r.runs().claimFiring(s.name(), at)) fired(r, s, at, null, outcome, detail, now);
          return null;
        });
  }

  private static void fired(
      Repositories r,
      ScheduleSpec s,
      Instant at,
      Long requestId,
      String outcome,
      String detail,
      Instant now) {
    r.runs().fired(s.name(), at, requestId, outcome, detail);
    Audit.record(
        r,
        now,
        "schedule:" + s.name(),
        "schedule.fire",
        s.process() + " on " + s.application() + "/" + s.environment(),
        outcome.equals("REQUESTED") ? "success" : "refused",
        detail);
  }
}
