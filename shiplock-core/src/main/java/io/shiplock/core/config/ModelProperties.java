package io.shiplock.core.config;

import io.shiplock.core.model.AgentSpec;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.BlackoutSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.model.RoleSpec;
import io.shiplock.core.model.ScheduleSpec;
import io.shiplock.core.model.SourceSpec;
import io.shiplock.core.model.StatusSpec;
import io.shiplock.core.model.TeamSpec;
import io.shiplock.core.model.TriggerSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Visits every property value of an object under a stable path ({@code properties.x}, {@code
 * componentProperties.C.x}), to mask, encrypt, decrypt or carry over secure values in one place.
 */
public final class ModelProperties {
  private ModelProperties() {}

  public static ConfigObject map(
      ConfigObject o, BiFunction<String, PropertyValue, PropertyValue> f) {
    return switch (o) {
      case StatusSpec s -> s;
      case RoleSpec r -> r;
      case TeamSpec t -> t;
      case SourceSpec x -> x;
      case TriggerSpec x -> x;
      case ScheduleSpec x -> x;
      case BlackoutSpec x -> x;
      case AgentSpec a ->
          new AgentSpec(a.name(), a.description(), map("properties", a.properties(), f));
      case ComponentSpec c ->
          new ComponentSpec(
              c.name(),
              c.description(),
              map("properties", c.properties(), f),
              c.environmentProperties(),
              c.processes());
      case ApplicationSpec a ->
          new ApplicationSpec(
              a.name(),
              a.description(),
              a.components(),
              map("properties", a.properties(), f),
              a.processes());
      case EnvironmentSpec e -> {
        Map<String, Map<String, PropertyValue>> cp = new TreeMap<>();
        e.componentProperties()
            .forEach((c, props) -> cp.put(c, map("componentProperties." + c, props, f)));
        yield new EnvironmentSpec(
            e.application(),
            e.name(),
            e.order(),
            e.description(),
            map("properties", e.properties(), f),
            cp,
            e.gate(),
            e.approval(),
            e.resources(),
            e.concurrency());
      }
    };
  }

  private static Map<String, PropertyValue> map(
      String prefix,
      Map<String, PropertyValue> props,
      BiFunction<String, PropertyValue, PropertyValue> f) {
    Map<String, PropertyValue> out = new LinkedHashMap<>();
    props.forEach((k, v) -> out.put(k, f.apply(prefix + "." + k, v)));
    return out;
  }

  /** Every property of the object by path. */
  public static Map<String, PropertyValue> collect(ConfigObject o) {
    Map<String, PropertyValue> out = new LinkedHashMap<>();
    map(
        o,
        (path, v) -> {
          out.put(path, v);
          return v;
        });
    return out;
  }

  /** The object with every secure value hidden: what any output may show. */
  public static ConfigObject masked(ConfigObject o) {
    return map(o, (path, v) -> v.masked());
  }
}
