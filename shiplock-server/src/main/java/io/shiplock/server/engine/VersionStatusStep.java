package io.shiplock.server.engine;

import io.shiplock.api.StepType;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.StatusSpec;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.steps.ServerStepTypes;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Conflict;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.RunRepository.VersionRef;
import io.shiplock.server.audit.Audit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code version.status.add|remove}: marks the version a component process runs for. */
final class VersionStatusStep implements ServerStep {
  private static boolean isUnique(StepStarter.Ctx c, String status) {
    return c.repos()
        .config()
        .find(ObjectKey.of(Kind.STATUS, status))
        .map(o -> ((StatusSpec) o).unique())
        .orElse(false);
  }

  @Override
  public List<StepType> declarations() {
    return List.of(ServerStepTypes.VERSION_STATUS_ADD, ServerStepTypes.VERSION_STATUS_REMOVE);
  }

  @Override
  public Result run(
      StepStarter.Ctx c, StepRun row, StepSpec spec, Map<String, Object> with, StepRun target) {
    String status = String.valueOf(with.get("status"));
    if (target == null)
      return Result.failed(spec.type() + " runs in a component process, on its version");
    Optional<VersionRef> ref = TargetVersion.of(c, target);
    if (ref.isEmpty())
      return Result.failed("no version of " + target.component() + " in this request");
    Optional<ComponentVersion> v =
        c.repos().versions().find(ref.get().component(), ref.get().version());
    if (v.isEmpty()) return Result.failed("version " + ref.get().version() + " no longer exists");
    boolean add = spec.type().endsWith(".add");
    var refusal = RequiredRoles.refusal(c, status);
    if (refusal.isPresent()) return Result.failed(refusal.get());
    try {
      if (add && isUnique(c, status)) {
        // A unique status moves: it leaves every other version of the component.
        c.repos().versions().clearStatus(ref.get().component(), status);
      }
      boolean changed =
          add
              ? c.repos()
                  .versions()
                  .addStatus(v.get().id(), status, c.request().requestedBy(), c.now())
              : c.repos().versions().removeStatus(v.get().id(), status);
      String what = changed ? (add ? " added to " : " removed from ") : " unchanged on ";
      if (changed && add)
        c.statusesAdded()
            .add(
                new StepStarter.Ctx.StatusAdded(
                    ref.get().component(), v.get().id(), ref.get().version(), status));
      if (changed)
        Audit.record(
            c.repos(),
            c.now(),
            c.request().requestedBy(),
            add ? "status.add" : "status.remove",
            ref.get().component() + " " + ref.get().version(),
            "success",
            status + " (request " + c.request().id() + ")");
      return Result.ok(status + what + target.component() + " " + ref.get().version(), Map.of());
    } catch (Conflict e) {
      return Result.failed(e.getMessage());
    }
  }
}
