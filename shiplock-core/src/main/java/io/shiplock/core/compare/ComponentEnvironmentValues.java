package io.shiplock.core.compare;

import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.EnvPropertyDef;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.RuntimeProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The value of each component-environment property in an environment and where it comes from: a
 * value a step recorded (runtime), else the environment's configured one, else the definition's
 * default. A secure value is never given out ({@code value} null, {@code secure} true): neither a
 * value of a secure definition, configured plainly, nor a secure definition's default.
 */
public final class ComponentEnvironmentValues {
  private ComponentEnvironmentValues() {}

  /** One property of one component in the environment. */
  public record Value(
      String component,
      String name,
      String value,
      String source,
      Instant setAt,
      Long request,
      boolean secure) {}

  /** Every component-environment property of the application's components, in their order. */
  public static List<Value> of(Repositories r, ApplicationSpec app, EnvironmentSpec env) {
    List<RuntimeProperty> runtime = r.runs().runtimeProperties(app.name(), env.name());
    List<Value> out = new ArrayList<>();
    for (String component : app.components()) {
      var c = r.config().find(ObjectKey.of(Kind.COMPONENT, component)).map(o -> (ComponentSpec) o);
      if (c.isEmpty()) continue;
      Map<String, PropertyValue> configured =
          env.componentProperties().getOrDefault(component, Map.of());
      for (EnvPropertyDef d : c.get().environmentProperties()) {
        RuntimeProperty rp =
            runtime.stream()
                .filter(x -> x.component().equals(component) && x.name().equals(d.name()))
                .findFirst()
                .orElse(null);
        PropertyValue conf = configured.get(d.name());
        boolean secure = d.secure() || (conf != null && conf.secure());
        if (rp != null)
          out.add(
              new Value(
                  component,
                  d.name(),
                  secure ? null : rp.value(),
                  "runtime",
                  rp.setAt(),
                  rp.requestId(),
                  secure));
        else if (conf != null)
          out.add(
              new Value(
                  component,
                  d.name(),
                  secure ? null : conf.value(),
                  "configured",
                  null,
                  null,
                  secure));
        else
          out.add(new Value(component, d.name(), d.defaultValue(), "default", null, null, secure));
      }
    }
    return out;
  }
}
