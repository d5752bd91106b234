package io.shiplock.server.engine;

import io.shiplock.core.engine.BlackoutPolicy;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.NewRequest;
import io.shiplock.core.store.RunRepository.VersionRef;
import io.shiplock.server.audit.Audit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request being made, in its transaction: checked (application, environment, process, versions
 * and the environment's gate, each refusal saying which), stored, set waiting when the environment
 * asks for approval, and audited.
 */
final class NewRequests {
  private NewRequests() {}

  /** A new request: it waits for approval, or for its time, or neither (it starts now). */
  record Created(long id, boolean waitsForApproval, boolean scheduled) {}

  /** How far ahead a request may be scheduled: further is a typo more often than a plan. */
  static final Duration MAX_AHEAD = Duration.ofDays(366);

  static Created create(
      Repositories r,
      String app,
      String env,
      String process,
      Map<String, String> versions,
      Map<String, String> props,
      String snapshot,
      String by,
      Instant now,
      Timing timing) {
    Instant scheduledFor = timing.at();
    if (scheduledFor != null && !scheduledFor.isAfter(now))
      throw new RequestRefused(
          400,
          "the request is scheduled for "
              + scheduledFor
              + ", which has passed (it is "
              + now
              + "); leave the time out to run it now");
    if (scheduledFor != null && scheduledFor.isAfter(now.plus(MAX_AHEAD)))
      throw new RequestRefused(
          400,
          "the request is scheduled for "
              + scheduledFor
              + ", more than "
              + MAX_AHEAD.toDays()
              + " days ahead; schedule it closer to its time");
    NewRequest checked = validated(r, app, env, process, versions, props, snapshot, by, now);
    String blackoutNote = "";
    Instant startsAt = scheduledFor != null ? scheduledFor : now;
    var window = Blackouts.at(r, app, env, startsAt);
    if (window.isPresent()) {
      switch (timing.blackout()) {
        case REFUSE -> throw new RequestRefused(409, Blackouts.refusal(app, env, window.get()));
        case WAIT -> {
          scheduledFor =
              Blackouts.clearFrom(r, app, env, startsAt)
                  .orElseThrow(
                      () -> new RequestRefused(409, Blackouts.endless(app, env, window.get())));
          blackoutNote = "; waits for the end of " + window.get().describe();
        }
        case OVERRIDE ->
            blackoutNote =
                "; overrides " + window.get().describe() + ": " + timing.overrideComment();
      }
    }
    if (window.isEmpty() && timing.blackout() == BlackoutPolicy.OVERRIDE)
      // An override is for a window the admin saw; stored without one, it would let the request
      // through any window declared later, unaudited.
      throw new RequestRefused(
          400,
          "there is no blackout window on '"
              + env
              + "' at "
              + startsAt
              + " to override; leave 'overrideBlackout' out");
    long id =
        r.runs()
            .create(
                new NewRequest(
                    checked.application(),
                    checked.environment(),
                    checked.process(),
                    checked.requestedBy(),
                    checked.at(),
                    checked.properties(),
                    checked.versions(),
                    checked.snapshot(),
                    scheduledFor,
                    timing.blackout()));
    if (window.isPresent() && timing.blackout() == BlackoutPolicy.OVERRIDE)
      Audit.record(
          r,
          now,
          by,
          "blackout.override",
          "request " + id,
          "success",
          window.get().describe() + " overridden: " + timing.overrideComment());
    var rules = Approvals.rules(r, app, env);
    rules.ifPresent(rule -> Approvals.start(r, id, rule, now));
    Audit.record(
        r,
        now,
        by,
        "request.create",
        "request " + id,
        "success",
        process
            + " on "
            + app
            + "/"
            + env
            + (snapshot != null ? " with snapshot " + snapshot + " " + versions : "")
            + (snapshot == null && !versions.isEmpty() ? " with " + versions : "")
            + (scheduledFor != null ? "; scheduled for " + scheduledFor : "")
            + blackoutNote
            + (rules.isPresent() ? "; waits for approval" : ""));
    return new Created(id, rules.isPresent(), scheduledFor != null);
  }

  private static NewRequest validated(
      Repositories r,
      String app,
      String env,
      String process,
      Map<String, String> versions,
      Map<String, String> props,
      String snapshot,
      String by,
      Instant now) {
    ApplicationSpec a =
        r.config()
            .find(ObjectKey.of(Kind.APPLICATION, app))
            .map(o -> (ApplicationSpec) o)
            .orElseThrow(() -> new RequestRefused(404, "no application named '" + app + "'"));
    if (r.config().find(new ObjectKey(Kind.ENVIRONMENT, app, env)).isEmpty())
      throw new RequestRefused(
          404, "application '" + app + "' has no environment named '" + env + "'");
    ProcessSpec p =
        a.process(process)
            .orElseThrow(
                () ->
                    new RequestRefused(
                        404,
                        "application '"
                            + app
                            + "' has no process named '"
                            + process
                            + "' (it has: "
                            + String.join(
                                ", ", a.processes().stream().map(ProcessSpec::name).toList())
                            + ")"));
    List<VersionRef> refs = new ArrayList<>();
    versions.forEach(
        (component, version) -> {
          if (!a.components().contains(component))
            throw new RequestRefused(
                400, "component '" + component + "' is not part of application '" + app + "'");
          var v =
              r.versions()
                  .find(component, version)
                  .orElseThrow(
                      () ->
                          new RequestRefused(
                              404,
                              "component '" + component + "' has no version '" + version + "'"));
          refs.add(new VersionRef(component, version, v.id()));
          Gates.refusal(r, app, env, snapshot, component, version)
              .ifPresent(
                  why -> {
                    throw new RequestRefused(409, why);
                  });
        });
    // An install without its version would run the other components' installs and fail midway.
    for (var step : p.steps()) {
      if (!step.type().equals("component.install")) continue;
      Object component = step.with().get("component");
      if (component != null && !versions.containsKey(String.valueOf(component)))
        throw new RequestRefused(
            400,
            "process '"
                + process
                + "' installs component '"
                + component
                + "' (step '"
                + step.name()
                + "'): the request must give its version, e.g. \"versions\": {\""
                + component
                + "\": \"1.0\"}");
    }
    return new NewRequest(app, env, p, by, now, props, refs, snapshot, null, null);
  }
}
