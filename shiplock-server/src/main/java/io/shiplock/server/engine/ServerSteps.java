package io.shiplock.server.engine;

import io.shiplock.api.Placement;
import io.shiplock.api.StepType;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's step types, by the name of the declaration each implementation names. A name
 * registered twice, or a declaration for another placement, is a start-up error.
 */
final class ServerSteps {
  private final Map<String, ServerStep> byType = new HashMap<>();

  ServerSteps() {
    this(all());
  }

  ServerSteps(List<ServerStep> steps) {
    for (ServerStep s : steps) {
      for (StepType t : s.declarations()) {
        if (t.placement() != Placement.SERVER)
          throw new IllegalStateException(
              "server step '" + t.name() + "' is declared for placement " + t.placement());
        if (byType.put(t.name(), s) != null)
          throw new IllegalStateException("server step type registered twice: " + t.name());
      }
    }
  }

  /** Every implementation in this server, before any check: what the parity test counts. */
  static List<ServerStep> all() {
    return List.of(
        new JoinStep(),
        new SwitchStep(),
        new FailStep(),
        new WaitStep(),
        new PropertySetStep(),
        new VersionStatusStep(),
        new InventoryStatusStep(),
        new ManualStep(),
        new LockStep());
  }

  /** The types this server runs itself. */
  Set<String> types() {
    return Set.copyOf(byType.keySet());
  }

  ServerStep.Result run(
      StepStarter.Ctx c, StepRun row, StepSpec spec, Map<String, Object> with, StepRun target) {
    ServerStep step = byType.get(spec.type());
    if (step == null) {
      return ServerStep.Result.failed(
          "step type '" + spec.type() + "' is not available yet in this server version");
    }
    ServerStep.Result r = step.run(c, row, spec, with, target);
    c.forget(); // it may have changed what later steps of this event read (statuses, values)
    return r;
  }
}
