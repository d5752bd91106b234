package io.shiplock.server.engine;

import io.shiplock.api.StepType;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.StatusScope;
import io.shiplock.core.model.StatusSpec;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.steps.ServerStepTypes;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.RunRepository.VersionRef;
import io.shiplock.server.audit.Audit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code inventory.status.add|remove}: marks the version on the target resource (the seed's Loaded,
 * Running, Hosted). Statuses of a version being installed show once the install succeeds.
 */
final class InventoryStatusStep implements ServerStep {
  @Override
  public List<StepType> declarations() {
    return List.of(ServerStepTypes.INVENTORY_STATUS_ADD, ServerStepTypes.INVENTORY_STATUS_REMOVE);
  }

  @Override
  public Result run(
      StepStarter.Ctx c, StepRun row, StepSpec spec, Map<String, Object> with, StepRun target) {
    String status = String.valueOf(with.get("status"));
    if (target == null)
      return Result.failed(spec.type() + " runs in a component process, on its resource");
    Optional<StatusSpec> def =
        c.repos().config().find(ObjectKey.of(Kind.STATUS, status)).map(o -> (StatusSpec) o);
    if (def.isEmpty()) return Result.failed("no status named '" + status + "'");
    if (def.get().scope() != StatusScope.INVENTORY)
      return Result.failed(
          "status '"
              + status
              + "' is a "
              + def.get().scope().name().toLowerCase(Locale.ROOT)
              + " status, not an inventory one");
    Optional<VersionRef> v = TargetVersion.of(c, target);
    if (v.isEmpty())
      return Result.failed("no version of " + target.component() + " on " + target.resourcePath());
    var refusal = RequiredRoles.refusal(c, status);
    if (refusal.isPresent()) return Result.failed(refusal.get());
    var place = TargetVersion.place(c, target);
    boolean add = spec.type().endsWith(".add");
    long request = c.request().id();
    boolean changed =
        add
            ? c.repos().inventory().addStatus(place, v.get().versionId(), status, request, c.now())
            : c.repos()
                .inventory()
                .removeStatus(place, v.get().versionId(), status, request, c.now());
    String what = changed ? (add ? " added to " : " removed from ") : " unchanged on ";
    if (changed)
      Audit.record(
          c.repos(),
          c.now(),
          c.request().requestedBy(),
          add ? "inventory.status.add" : "inventory.status.remove",
          target.component() + " " + v.get().version() + " on " + target.resourcePath(),
          "success",
          status + " (request " + c.request().id() + ")");
    return Result.ok(
        status
            + what
            + target.component()
            + " "
            + v.get().version()
            + " on "
            + target.resourcePath(),
        Map.of());
  }
}
