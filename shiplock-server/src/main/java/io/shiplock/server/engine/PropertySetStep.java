package io.shiplock.server.engine;

import io.shiplock.api.StepType;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.steps.ServerStepTypes;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.server.audit.Audit;
import java.util.List;
import java.util.Map;

/**
 * {@code property.set}: sets a request property (seen by every later step as {@code ${p:name}}), or
 * a component-environment value (the seed's imageId, containerId) recorded for the environment and
 * seen by later runs there; outputs it either way.
 */
final class PropertySetStep implements ServerStep {
  @Override
  public List<StepType> declarations() {
    return List.of(ServerStepTypes.PROPERTY_SET);
  }

  @Override
  public Result run(
      StepStarter.Ctx c, StepRun row, StepSpec spec, Map<String, Object> with, StepRun target) {
    String scope = String.valueOf(with.getOrDefault("scope", "request"));
    String name = String.valueOf(with.get("name"));
    String value = String.valueOf(with.get("value"));
    switch (scope) {
      case "request" -> {
        c.requestProperties().put(name, value);
        c.repos().runs().setProperties(c.request().id(), c.requestProperties());
        return Result.ok("request property " + name + " set", Map.of(name, value));
      }
      case "componentEnvironment" -> {
        if (target == null) {
          return Result.failed(
              "property.set: scope componentEnvironment needs a component process");
        }
        c.repos()
            .runs()
            .setRuntimeProperty(
                c.request().application(),
                c.request().environment(),
                target.component(),
                name,
                value,
                c.request().id(),
                c.now());
        Audit.record(
            c.repos(),
            c.now(),
            c.request().requestedBy(),
            "property.set",
            target.component()
                + " in "
                + c.request().application()
                + "/"
                + c.request().environment(),
            "success",
            name + " (request " + c.request().id() + ")");
        return Result.ok(
            target.component() + " " + name + " set in " + c.request().environment(),
            Map.of(name, value));
      }
      default -> {
        return Result.failed(
            "property.set: scope '"
                + scope
                + "' is not supported; use request or componentEnvironment");
      }
    }
  }
}
