package io.shiplock.server.engine;

import io.shiplock.core.model.StepSpec;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The server's step types by name. */
final class ServerSteps {
  private final Map<String, ServerStep> byType = new HashMap<>();

  ServerSteps() {
    for (ServerStep s :
        List.of(
            new JoinStep(),
            new FailStep(),
            new WaitStep(),
            new PropertySetStep(),
            new VersionStatusStep(),
            new InventoryStatusStep())) {
      for (String type : s.types()) {
        if (byType.put(type, s) != null)
          throw new IllegalStateException("server step type registered twice: " + type);
      }
    }
  }

  /** The types this server runs itself. */
  java.util.Set<String> types() {
    return java.util.Set.copyOf(byType.keySet());
  }

  ServerStep.Result run(
      StepStarter.Ctx c, StepSpec spec, Map<String, Object> with, StepRun target) {
    ServerStep step = byType.get(spec.type());
    if (step == null) {
      return ServerStep.Result.failed(
          "step type '" + spec.type() + "' is not available yet in this server version");
    }
    ServerStep.Result r = step.run(c, spec, with, target);
    c.forget(); // it may have changed what later steps of this event read (statuses, values)
    return r;
  }
}
