package io.shiplock.server.engine;

import io.shiplock.core.model.StepSpec;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.Map;
import java.util.Set;

/**
 * {@code property.set}: sets a request property (seen by every later step as {@code ${p:name}}) and
 * outputs it. Component-environment and version scopes come with the inventory.
 */
final class PropertySetStep implements ServerStep {
  @Override
  public Set<String> types() {
    return Set.of("property.set");
  }

  @Override
  public Result run(StepStarter.Ctx c, StepSpec spec, Map<String, Object> with, StepRun target) {
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
}
