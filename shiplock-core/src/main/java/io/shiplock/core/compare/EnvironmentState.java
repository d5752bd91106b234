package io.shiplock.core.compare;

import io.shiplock.core.engine.RunningSnapshot;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.store.InventoryRepository.Entry;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.SnapshotRepository;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an environment of an application holds, as a comparison needs it: the snapshot it runs, per
 * component the versions its places run and their inventory statuses, and its properties by name
 * (environment properties by their name, component-environment ones as {@code component/name}). A
 * secure property's value is never read out: {@link Shown#secure} only.
 */
public record EnvironmentState(
    String environment,
    String snapshot,
    Map<String, Deployed> components,
    Map<String, Shown> properties) {
  public EnvironmentState {
    components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    properties = Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  /**
   * A component's versions in the environment (those its places run, sorted, each once) and their
   * inventory statuses; both empty where it is not deployed.
   */
  public record Deployed(List<String> versions, List<String> statuses) {
    public Deployed {
      versions = List.copyOf(versions);
      statuses = List.copyOf(statuses);
    }
  }

  /** A property's value as shown; null with {@code secure} for a secret. */
  public record Shown(String value, boolean secure) {}

  public static EnvironmentState read(Repositories r, ApplicationSpec app, EnvironmentSpec env) {
    Map<String, TreeSet<String>> versions = new LinkedHashMap<>();
    Map<String, TreeSet<String>> statuses = new LinkedHashMap<>();
    for (String c : app.components()) {
      versions.put(c, new TreeSet<>());
      statuses.put(c, new TreeSet<>());
    }
    for (Entry e : r.inventory().list(app.name(), env.name())) {
      String c = e.place().component();
      if (!versions.containsKey(c) || e.actual().isEmpty()) continue;
      versions.get(c).add(e.actual().get().version());
      e.statuses().forEach(s -> statuses.get(c).add(s.status()));
    }
    Map<String, Deployed> components = new LinkedHashMap<>();
    versions.forEach(
        (c, v) -> components.put(c, new Deployed(List.copyOf(v), List.copyOf(statuses.get(c)))));
    Map<String, Shown> properties = new TreeMap<>();
    for (Map.Entry<String, PropertyValue> p : env.properties().entrySet())
      properties.put(
          p.getKey(),
          new Shown(p.getValue().secure() ? null : p.getValue().value(), p.getValue().secure()));
    for (var v : ComponentEnvironmentValues.of(r, app, env))
      properties.put(
          v.component() + "/" + v.name(), new Shown(v.secure() ? null : v.value(), v.secure()));
    String snapshot =
        RunningSnapshot.of(r, app.name(), env.name())
            .map(SnapshotRepository.Snapshot::name)
            .orElse(null);
    return new EnvironmentState(env.name(), snapshot, components, properties);
  }
}
