package io.shiplock.server.engine;

import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ScheduleSpec;
import io.shiplock.core.release.CronSchedule;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.Firing;
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
      try {
        fire(s, now).ifPresent(made::add);
      } catch (RuntimeException e) {
        // One schedule that cannot fire does not keep the others from firing.
        LOG.warn("schedule {} could not fire: {}", s.name(), e.toString());
      }
    }
    return made;
  }

  /**
   * What the schedule is as configured: its cron expression, zone and pause. A firing records it;
   * when it differs from the last one the schedule is armed again, from that moment.
   */
  static String fingerprint(ScheduleSpec s) {
    return s.cron() + "|" + CronSchedule.zone(s.timeZone()) + "|" + (s.paused() ? "paused" : "on");
  }

  private Optional<NewRequests.Created> fire(ScheduleSpec s, Instant now) {
    String fingerprint = fingerprint(s);
    Optional<Firing> last = store.read(r -> r.runs().lastFiring(s.name()));
    if (last.isEmpty() || !last.get().fingerprint().equals(fingerprint)) {
      // First seen, paused, resumed or changed: it fires from now on, never for a time that came
      // before (a 22:00 skipped by a pause is not run when the pause ends at 22:05).
      String why =
          last.isEmpty()
              ? "first seen; fires from now on"
              : s.paused() ? "paused" : "changed or resumed; fires from now on";
      store.write(r -> armed(r, s, now, fingerprint, why));
      return Optional.empty();
    }
    if (s.paused()) return Optional.empty();
    CronSchedule cron = CronSchedule.parse(s.cron(), s.timeZone());
    Optional<Instant> time = cron.lastAtOrBefore(now);
    if (time.isEmpty() || !time.get().isAfter(last.get().at())) return Optional.empty();
    Instant at = time.get();
    // When clocks go back an hour, 02:30 comes twice: it is one time of the schedule, fired once.
    if (cron.sameWallClock(at, last.get().at())) return Optional.empty();
    String why = "schedule time " + at;
    if (Duration.between(at, now).compareTo(MISSED_GRACE) > 0) {
      record(
          s, at, fingerprint, "MISSED", why + " passed while no server was running; skipped", now);
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(
          store.write(
              r -> {
                if (!r.runs().claimFiring(s.name(), at, fingerprint)) return null;
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
      record(s, at, fingerprint, "REFUSED", why + ": " + e.getMessage(), now);
    }
    // Any other failure (a lost connection, a deadlock) rolled the claim back with the request:
    // the next pass tries again, for as long as the time is not missed.
    return Optional.empty();
  }

  private static Void armed(
      Repositories r, ScheduleSpec s, Instant now, String fingerprint, String why) {
    if (r.runs().claimFiring(s.name(), now, fingerprint))
      r.runs().fired(s.name(), now, null, s.paused() ? "PAUSED" : "ARMED", why);
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
  private void record(
      ScheduleSpec s, Instant at, String fingerprint, String outcome, String detail, Instant now) {
    store.write(
        r -> {
          if (r.runs().claimFiring(s.name(), at, fingerprint))
            fired(r, s, at, null, outcome, detail, now);
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
