package io.shiplock.core.config;

import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvPropertyDef;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.PropertyValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One property of a configuration object set from outside its files (UrbanCode Deploy's property
 * setters), held to the rules a file is held to: a property name a file could write, and a
 * component-environment value only for a property its component defines, of a component of the
 * environment's application. Otherwise the export would no longer apply back. Pure: values are in
 * clear here; the caller encrypts.
 */
public final class PropertyEdits {
  private PropertyEdits() {}

  /** The object to save, whether the property is secure, whether anything changed. */
  public record Edited(ConfigObject object, boolean secure, boolean changed) {}

  /**
   * {@code o} with {@code name} set to {@code value}; {@code component} names the component of a
   * component-environment property (null for the object's own properties). {@code secure} null
   * keeps what the property was (plain for a new one); a property its definition makes secure stays
   * secure. {@code world} finds the component and application the check needs.
   */
  public static Edited set(
      ConfigObject o,
      String component,
      String name,
      String value,
      Boolean secure,
      Function<ObjectKey, Optional<ConfigObject>> world) {
    String bad = Names.propertyProblem(name);
    if (bad != null) throw refused(bad);
    return switch (o) {
      case ApplicationSpec a -> {
        Change c = change(a.properties(), name, value, secure, false);
        yield c.edited(
            new ApplicationSpec(
                a.name(), a.description(), a.components(), c.properties(), a.processes()));
      }
      case ComponentSpec x -> {
        Change c = change(x.properties(), name, value, secure, false);
        yield c.edited(
            new ComponentSpec(
                x.name(),
                x.description(),
                c.properties(),
                x.environmentProperties(),
                x.processes()));
      }
      case EnvironmentSpec e when component == null -> {
        Change c = change(e.properties(), name, value, secure, false);
        yield c.edited(environment(e, c.properties(), e.componentProperties()));
      }
      case EnvironmentSpec e -> {
        EnvPropertyDef def = definition(e, component, name, world);
        Change c =
            change(
                e.componentProperties().getOrDefault(component, Map.of()),
                name,
                value,
                secure,
                def.secure());
        Map<String, Map<String, PropertyValue>> cp = new TreeMap<>(e.componentProperties());
        cp.put(component, c.properties());
        yield c.edited(environment(e, e.properties(), cp));
      }
      default -> throw refused(o.key() + " has no properties");
    };
  }

  private record Change(
      Map<String, PropertyValue> properties, PropertyValue value, boolean changed) {
    Edited edited(ConfigObject o) {
      return new Edited(o, value.secure(), changed);
    }
  }

  private static Change change(
      Map<String, PropertyValue> properties,
      String name,
      String value,
      Boolean secure,
      boolean definedSecure) {
    PropertyValue old = properties.get(name);
    boolean s = definedSecure || (secure != null ? secure : old != null && old.secure());
    PropertyValue now = new PropertyValue(value, s);
    Map<String, PropertyValue> out = new LinkedHashMap<>(properties);
    out.put(name, now);
    return new Change(out, now, !Objects.equals(old, now));
  }

  private static EnvPropertyDef definition(
      EnvironmentSpec e,
      String component,
      String name,
      Function<ObjectKey, Optional<ConfigObject>> world) {
    List<String> components =
        world
            .apply(ObjectKey.of(Kind.APPLICATION, e.application()))
            .map(a -> ((ApplicationSpec) a).components())
            .orElse(List.of());
    if (!components.contains(component))
      throw refused(
          "component '" + component + "' is not part of application '" + e.application() + "'");
    List<EnvPropertyDef> defs =
        world
            .apply(ObjectKey.of(Kind.COMPONENT, component))
            .map(c -> ((ComponentSpec) c).environmentProperties())
            .orElse(List.of());
    List<String> known = defs.stream().map(EnvPropertyDef::name).toList();
    return defs.stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                refused(
                    "component '"
                        + component
                        + "' defines no environment property named '"
                        + name
                        + "'"
                        + Names.suggestion(name, known)
                        + (known.isEmpty()
                            ? " (it defines none; add it to the component's"
                                + " environmentProperties)"
                            : " (it defines: " + String.join(", ", known) + ")")));
  }

  private static EnvironmentSpec environment(
      EnvironmentSpec e,
      Map<String, PropertyValue> properties,
      Map<String, Map<String, PropertyValue>> componentProperties) {
    return new EnvironmentSpec(
        e.application(),
        e.name(),
        e.order(),
        e.description(),
        properties,
        componentProperties,
        e.gate(),
        e.approval(),
        e.resources(),
        e.concurrency());
  }

  private static ConfigException refused(String message) {
    return new ConfigException(List.of(new Problem(null, "", message)));
  }
}
