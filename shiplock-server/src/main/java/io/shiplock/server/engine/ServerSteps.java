package io.shiplock.server.engine;

import io.shiplock.core.config.Durations;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Conflict;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.RunRepository.VersionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The steps the server runs itself. Each is a few lines; none blocks: a wait is a deadline. */
final class ServerSteps {
  record Result(StepState state, String message, Map<String, String> outputs, Instant deadline) {
    static Result ok(String message, Map<String, String> outputs) {
      return new Result(StepState.SUCCEEDED, message, outputs, null);
    }

    static Result failed(String message) {
      return new Result(StepState.FAILED, message, Map.of(), null);
    }
  }

  Result run(
      StepStarter.Ctx c, StepRun row, StepSpec spec, Map<String, Object> with, StepRun target) {
    return switch (spec.type()) {
      case "join" -> Result.ok(null, Map.of());
      case "fail" ->
          Result.failed(
              with.containsKey("message")
                  ? String.valueOf(with.get("message"))
                  : "failed by step '" + spec.name() + "'");
      case "wait" -> {
        Duration d = Durations.parse(String.valueOf(with.get("duration")));
        if (d == null)
          yield Result.failed("wait: '" + with.get("duration") + "' is not a duration");
        yield new Result(
            StepState.WAITING, "waiting " + Durations.format(d), Map.of(), c.now().plus(d));
      }
      case "property.set" -> propertySet(c, with);
      case "version.status.add", "version.status.remove" -> versionStatus(c, spec, with, target);
      default ->
          Result.failed(
              "step type '" + spec.type() + "' is not available yet in this server version");
    };
  }

  private static Result propertySet(StepStarter.Ctx c, Map<String, Object> with) {
    String scope = String.valueOf(with.getOrDefault("scope", "request"));
    String name = String.valueOf(with.get("name"));
    String value = String.valueOf(with.get("value"));
    if (!scope.equals("request")) {
      return Result.failed(
          "property.set: scope '" + scope + "' is not supported yet; use scope 'request'");
    }
    c.requestProperties().put(name, value);
    c.repos().runs().setProperties(c.request().id(), c.requestProperties());
    return Result.ok("request property " + name + " set", Map.of(name, value));
  }

  private static Result versionStatus(
      StepStarter.Ctx c, StepSpec spec, Map<String, Object> with, StepRun target) {
    String status = String.valueOf(with.get("status"));
    if (target == null)
      return Result.failed(spec.type() + " runs in a component process, on its version");
    Optional<VersionRef> ref =
        c.request().versions().stream()
            .filter(v -> v.component().equals(target.component()))
            .findFirst();
    if (ref.isEmpty())
      return Result.failed("no version of " + target.component() + " in this request");
    Optional<ComponentVersion> v =
        c.repos().versions().find(ref.get().component(), ref.get().version());
    if (v.isEmpty()) return Result.failed("version " + ref.get().version() + " no longer exists");
    try {
      boolean changed =
          spec.type().endsWith(".add")
              ? c.repos()
                  .versions()
                  .addStatus(v.get().id(), status, c.request().requestedBy(), c.now())
              : c.repos().versions().removeStatus(v.get().id(), status);
      return Result.ok(
          status
              + (changed
                  ? (spec.type().endsWith(".add") ? " added to " : " removed from ")
                  : " unchanged on ")
              + target.component()
              + " "
              + ref.get().version(),
          Map.of());
    } catch (Conflict e) {
      return Result.failed(e.getMessage());
    }
  }
}
