package io.shiplock.core.config;

import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.SnapshotSpec;
import io.shiplock.core.steps.StepCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Decides what an apply changes: validates the files against the state they would produce and diffs
 * them with the current state. Pure: existing objects in, plan or problems out. Existing objects
 * are given with secure values in clear.
 */
public final class Planner {
  private final ConfigReader reader;

  public Planner(StepCatalog catalog) {
    this.reader = new ConfigReader(catalog);
  }

  public Plan plan(List<SourceFile> files, List<ConfigObject> existing, boolean prune) {
    return plan(files, existing, prune, user -> true);
  }

  /**
   * As above; {@code userExists} answers for the team members the files name. A member who is not a
   * user is a warning, not a problem: people are created apart from configuration, often later.
   */
  public Plan plan(
      List<SourceFile> files,
      List<ConfigObject> existing,
      boolean prune,
      Predicate<String> userExists) {
    return plan(files, existing, prune, userExists, SnapshotState.none());
  }

  /** As above; {@code snapshots} answers for the snapshots and versions the server holds. */
  public Plan plan(
      List<SourceFile> files,
      List<ConfigObject> existing,
      boolean prune,
      Predicate<String> userExists,
      SnapshotState snapshots) {
    ParsedConfig parsed = reader.read(files);
    Problems problems = new Problems();
    parsed.problems().forEach(p -> problems.add(p.location(), p.field(), p.message()));

    Map<ObjectKey, ConfigObject> current = new TreeMap<>();
    existing.forEach(o -> current.put(o.key(), o));
    Map<ObjectKey, ConfigObject> desired = new LinkedHashMap<>();
    parsed.objects().forEach(s -> desired.putIfAbsent(s.object().key(), s.object()));

    Map<ObjectKey, ConfigObject> world = new TreeMap<>();
    if (!prune) world.putAll(current);
    world.putAll(desired);
    ReferenceChecker checker = new ReferenceChecker(world);
    checker.check(parsed.refs(), problems);
    if (!prune) recheckKept(current, desired, checker, problems);
    List<SnapshotSpec> toCreate =
        SnapshotPlanner.plan(parsed.snapshots(), snapshots, world, checker, problems);
    problems.throwIfAny();

    List<Change> changes = new ArrayList<>();
    List<ConfigObject> toSave = new ArrayList<>();
    for (ConfigObject d : desired.values()) {
      ConfigObject old = current.get(d.key());
      ConfigObject next = old == null ? d : carrySecrets(d, old);
      if (old == null) {
        changes.add(new Change(Change.Action.CREATE, d.key(), List.of()));
        toSave.add(next);
      } else if (!next.equals(old)) {
        changes.add(new Change(Change.Action.UPDATE, d.key(), changedFields(old, next)));
        toSave.add(next);
      }
    }
    toCreate.forEach(s -> changes.add(new Change(Change.Action.CREATE, s.key(), List.of())));
    if (prune) {
      // Only configuration objects: snapshots are never pruned (SnapshotPlanner).
      for (ObjectKey k : current.keySet()) {
        if (!desired.containsKey(k)) changes.add(new Change(Change.Action.DELETE, k, List.of()));
      }
    }
    changes.sort(Comparator.comparing(Change::key));
    toSave.sort(Comparator.comparing(ConfigObject::key));
    List<Problem> warnings = new ArrayList<>(parsed.warnings());
    parsed.refs().stream()
        .filter(r -> r.type() == Ref.Type.USER && !userExists.test(r.name()))
        .map(
            r ->
                new Problem(
                    r.at(),
                    r.field(),
                    "team '"
                        + r.owner()
                        + "': member '"
                        + r.name()
                        + "' is not a user; the team's roles reach them once the user exists"
                        + " (shiplock users create "
                        + r.name()
                        + ")"))
        .forEach(warnings::add);
    return new Plan(changes, toSave, toCreate, 0, warnings);
  }

  /**
   * Objects kept on the server but absent from the files may refer to something the files change (a
   * process removed from a component). They are checked by reading their canonical YAML, so their
   * problems name them as {@code server:Kind/name}.
   */
  private void recheckKept(
      Map<ObjectKey, ConfigObject> current,
      Map<ObjectKey, ConfigObject> desired,
      ReferenceChecker checker,
      Problems problems) {
    if (desired.isEmpty()) return;
    List<SourceFile> kept = new ArrayList<>();
    for (ConfigObject o : current.values()) {
      if (desired.containsKey(o.key())) continue;
      String name =
          "server:"
              + o.key().kind().yamlName()
              + "/"
              + (o.key().application() == null ? "" : o.key().application() + "/")
              + o.key().name();
      kept.add(new SourceFile(name, ConfigWriter.toYaml(List.of(ModelProperties.masked(o)))));
    }
    if (kept.isEmpty()) return;
    checker.check(reader.read(kept).refs(), problems);
  }

  /** Secure properties without a value in the files keep the value the server holds. */
  private static ConfigObject carrySecrets(ConfigObject desired, ConfigObject old) {
    var oldProps = ModelProperties.collect(old);
    return ModelProperties.map(
        desired,
        (path, v) -> {
          if (v.secure() && v.value() == null) {
            var o = oldProps.get(path);
            if (o != null && o.secure()) return o;
          }
          return v;
        });
  }

  private static List<String> changedFields(ConfigObject a, ConfigObject b) {
    Map<String, Object> ta = ConfigWriter.toTree(a);
    Map<String, Object> tb = ConfigWriter.toTree(b);
    List<String> fields = new ArrayList<>();
    Set<String> keys = new TreeSet<>(ta.keySet());
    keys.addAll(tb.keySet());
    for (String k : keys) if (!Objects.equals(ta.get(k), tb.get(k))) fields.add(k);
    // A secure value that changed shows in no tree (both are masked); name the properties field.
    if (fields.isEmpty()) fields.add("secure properties");
    return fields;
  }
}
