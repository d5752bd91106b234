package io.shiplock.core.config;

import io.shiplock.api.Param;
import io.shiplock.api.Placement;
import io.shiplock.api.StepType;
import io.shiplock.core.engine.ShellValues;
import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.steps.AgentStepTypes;
import io.shiplock.core.steps.StepCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads component and application processes: step types and parameters against the catalog, edges
 * to existing steps, and no cycles. References out of the process are returned as {@link Ref}s.
 */
final class ProcessReader {
  private static final Set<Placement> COMPONENT_PLACEMENTS =
      Set.of(Placement.AGENT, Placement.SERVER);
  private static final Set<Placement> APPLICATION_PLACEMENTS =
      Set.of(Placement.APPLICATION, Placement.SERVER);

  private final StepCatalog catalog;
  private final List<Ref> refs;

  ProcessReader(StepCatalog catalog, List<Ref> refs) {
    this.catalog = catalog;
    this.refs = refs;
  }

  /** Processes of a component ({@code application == null}) or of an application. */
  List<ProcessSpec> read(MapReader owner, String application) {
    Map<String, Location> seen = new HashMap<>();
    List<ProcessSpec> out = new ArrayList<>();
    for (var entry : owner.list("processes", (r, i) -> Map.entry(r, readProcess(r, application)))) {
      ProcessSpec p = entry.getValue();
      if (p.name() == null) continue;
      Location first = seen.putIfAbsent(p.name(), entry.getKey().location());
      if (first != null) {
        entry
            .getKey()
            .error("name", "duplicate process '" + p.name() + "' (first at " + first + ")");
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private ProcessSpec readProcess(MapReader r, String application) {
    String name = r.name("name");
    String description = r.string("description");
    Map<String, MapReader> stepReaders = new LinkedHashMap<>();
    List<StepSpec> steps =
        r.list(
            "steps",
            (s, i) -> {
              StepSpec step = readStep(s, application);
              if (step.name() != null) {
                if (stepReaders.containsKey(step.name())) {
                  s.error(
                      "name",
                      "duplicate step '"
                          + step.name()
                          + "' (first at "
                          + stepReaders.get(step.name()).location()
                          + ")");
                  return null;
                }
                stepReaders.put(step.name(), s);
              }
              return step;
            });
    if (!r.has("steps") || steps.isEmpty()) {
      r.error("steps", "process '" + name + "' needs at least one step");
    }
    r.finish();
    ProcessSpec process =
        new ProcessSpec(name, description, steps.stream().filter(s -> s.name() != null).toList());
    checkEdges(process, stepReaders);
    return process;
  }

  private StepSpec readStep(MapReader s, String application) {
    String name = s.name("name");
    String typeName = s.requiredString("type");
    StepType type = null;
    if (typeName != null) {
      type = catalog.find(typeName).orElse(null);
      if (type == null) {
        s.error(
            "type",
            "unknown step type '" + typeName + "'" + Names.suggestion(typeName, catalog.names()));
      } else {
        Set<Placement> allowed =
            application == null ? COMPONENT_PLACEMENTS : APPLICATION_PLACEMENTS;
        if (!allowed.contains(type.placement())) {
          s.error(
              "type",
              "step type '"
                  + typeName
                  + "' cannot be used in "
                  + (application == null ? "a component process" : "an application process"));
        }
      }
    }
    Map<String, Object> with = readParams(s, type);
    String precondition = s.string("precondition");
    Duration timeout = s.duration("timeout");
    String postProcessing = s.string("postProcessing");
    boolean retryable = s.bool("retryable", false);
    List<String> onSuccess = s.stringList("onSuccess");
    List<String> onFailure = s.stringList("onFailure");
    List<String> always = s.stringList("always");
    Map<String, List<String>> onValue = onValue(s, typeName);
    s.finish();
    if (type != null) addStepRefs(s, type, with, application);
    if (type != null) lintScript(s, type, with);
    return new StepSpec(
        name,
        typeName,
        with,
        precondition,
        timeout,
        postProcessing,
        retryable,
        onSuccess,
        onFailure,
        always,
        onValue);
  }

  /** UCD's VALUE edges: only a switch chooses a value to follow. */
  private static Map<String, List<String>> onValue(MapReader s, String typeName) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (!s.has("onValue")) return out;
    if (!"switch".equals(typeName)) {
      s.error("onValue", "only a switch step has onValue edges");
      return out;
    }
    s.map("onValue")
        .ifPresent(
            m -> {
              for (String value : m.keys()) {
                List<String> targets = m.stringList(value);
                if (targets != null) out.put(value, targets);
              }
              m.finish();
            });
    return out;
  }

  private Map<String, Object> readParams(MapReader s, StepType type) {
    Map<String, Object> out = new TreeMap<>();
    var with = s.map("with");
    if (with.isPresent()) {
      MapReader w = with.get();
      for (String key : w.keys()) {
        Node n = w.raw(key).orElse(null);
        if (n == null) continue;
        if (type == null) {
          out.put(key, MapReader.describe(n));
          continue;
        }
        Param p = type.param(key).orElse(null);
        if (p == null) {
          List<String> known = type.params().stream().map(Param::name).toList();
          w.error(
              key,
              "unknown parameter '"
                  + key
                  + "' for step type '"
                  + type.name()
                  + "'"
                  + Names.suggestion(key, known)
                  + (known.isEmpty()
                      ? " (it takes none)"
                      : " (known: " + String.join(", ", known) + ")"));
          continue;
        }
        Object v = paramValue(w, n, w.field(key), p);
        if (v != null) out.put(key, v);
      }
    }
    if (type != null) {
      for (Param p : type.params()) {
        if (p.required() && !out.containsKey(p.name()) && !hasKey(with, p.name())) {
          s.error("with", "step type '" + type.name() + "' requires parameter '" + p.name() + "'");
        }
      }
      if (type.name().equals("shell") && out.containsKey("script") == out.containsKey("argv")) {
        s.error("with", "step type 'shell' takes exactly one of 'script' or 'argv'");
      }
    }
    return out;
  }

  private static boolean hasKey(Optional<MapReader> with, String key) {
    return with.isPresent() && with.get().keys().contains(key);
  }

  private static Object paramValue(MapReader w, Node n, String field, Param p) {
    return switch (p.type()) {
      case STRING -> w.scalarText(n, field);
      case INTEGER -> w.toInteger(n, field);
      case BOOLEAN -> w.toBool(n, field);
      case DURATION -> {
        Duration d = w.toDuration(n, field);
        yield d == null ? null : Durations.format(d);
      }
      case STRING_LIST -> w.toStringList(n, field);
      case STRING_MAP -> new TreeMap<>(w.toStringMap(n, field));
    };
  }

  private void addStepRefs(MapReader s, StepType type, Map<String, Object> with, String app) {
    Location at = s.at("with");
    String field = s.field("with");
    switch (type.name()) {
      case "version.status.add", "version.status.remove" ->
          literal(with.get("status"))
              .ifPresent(
                  st -> refs.add(new Ref(Ref.Type.VERSION_STATUS, null, st, null, at, field)));
      case "inventory.status.add", "inventory.status.remove" ->
          literal(with.get("status"))
              .ifPresent(
                  st -> refs.add(new Ref(Ref.Type.INVENTORY_STATUS, null, st, null, at, field)));
      case "component.install", "component.run", "component.rollback" -> {
        var component = literal(with.get("component"));
        component.ifPresent(
            c -> refs.add(new Ref(Ref.Type.APP_COMPONENT, app, c, null, at, field)));
        var process = literal(with.get("process"));
        if (component.isPresent() && process.isPresent()) {
          refs.add(
              new Ref(Ref.Type.COMPONENT_PROCESS, null, component.get(), process.get(), at, field));
        }
      }
      case "manual" -> manualRefs(s, with, at, field);
      default -> {}
    }
  }

  /**
   * A manual step's approvers must name teams or roles that exist, and its approvers and
   * instructions are literal text: a request's own properties come first in {@code ${p:…}}, so a
   * reference there would let a requester choose who confirms their change, or what the people who
   * decide are told in their email.
   */
  private void manualRefs(MapReader s, Map<String, Object> with, Location at, String field) {
    List<String> approvers = new ArrayList<>();
    if (with.get("approvers") instanceof List<?> list)
      list.forEach(o -> approvers.add(String.valueOf(o)));
    if (with.containsKey("approvers") && approvers.isEmpty())
      s.error("with", "a manual step's 'approvers' must name at least one team or role");
    for (String who : approvers) {
      if (who.contains("${"))
        s.error(
            "with",
            "a manual step's approvers are names, not ${p:…} references ('"
                + who
                + "'): a request's properties must not choose who confirms it");
      else refs.add(new Ref(Ref.Type.APPROVER, null, who, null, at, field));
    }
    if (with.get("instructions") instanceof String text && text.contains("${"))
      s.error(
          "with",
          "a manual step's instructions are literal text: a ${p:…} reference would let a"
              + " requester write what the people who decide are told");
  }

  /**
   * Warns where a property value in a script will not do what its author may think: bare in a shell
   * script (split into words and globbed, as a bare {@code $VAR} is), or in a script of another
   * language (pasted into its text: pass it in {@code env} and read it from there).
   */
  private static void lintScript(MapReader s, StepType type, Map<String, Object> with) {
    if (!type.name().equals(AgentStepTypes.SHELL.name())) return;
    if (!(with.get("script") instanceof String script) || !script.contains("${p")) return;
    Object interpreter = with.get("interpreter");
    if (!ShellValues.isShell(interpreter == null ? null : String.valueOf(interpreter))) {
      s.warn(
          "with",
          "the script's interpreter is not a shell, so its ${p:…} values are pasted into the script"
              + " text as code; pass them in 'env' and read them from the environment instead");
      return;
    }
    for (ShellValues.Placed p : ShellValues.placed(script)) {
      if (p.place() != ShellValues.Place.BARE) continue;
      String ref = script.substring(p.ref().start(), p.ref().end());
      s.warn(
          "with",
          ref
              + " stands unquoted in the script: its value is split into words and globbed; write"
              + " \""
              + ref
              + "\" if it is one value");
    }
  }

  /** A parameter value that names something directly, not through a ${p:…} property reference. */
  private static Optional<String> literal(Object v) {
    return v instanceof String s && !s.contains("${") ? Optional.of(s) : Optional.empty();
  }

  private static void checkEdges(ProcessSpec process, Map<String, MapReader> readers) {
    Set<String> names = readers.keySet();
    for (StepSpec step : process.steps()) {
      MapReader r = readers.get(step.name());
      checkTargets(r, "onSuccess", step.onSuccess(), names, step.name());
      checkTargets(r, "onFailure", step.onFailure(), names, step.name());
      checkTargets(r, "always", step.always(), names, step.name());
      step.onValue().values().forEach(t -> checkTargets(r, "onValue", t, names, step.name()));
    }
    List<String> cycle = findCycle(process.successors());
    if (!cycle.isEmpty()) {
      MapReader r = readers.get(cycle.get(0));
      r.problems()
          .add(
              r.location(),
              r.field("name"),
              "cycle in the step graph of process '"
                  + process.name()
                  + "': "
                  + String.join(" -> ", cycle));
    }
  }

  private static void checkTargets(
      MapReader r, String key, List<String> targets, Set<String> names, String self) {
    for (String t : targets) {
      if (t.equals(self)) {
        r.error(key, "step '" + self + "' cannot lead to itself");
      } else if (!names.contains(t)) {
        r.error(key, "no step named '" + t + "' in this process" + Names.suggestion(t, names));
      }
    }
  }

  /**
   * The first cycle found by depth-first search, as a path that ends where it starts. Iterative,
   * with its own stack: a process of thousands of steps must not overflow the thread's stack.
   */
  static List<String> findCycle(Map<String, List<String>> graph) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
    for (String start : graph.keySet()) {
      if (state.containsKey(start)) continue;
      List<String> path = new ArrayList<>();
      List<Integer> nextEdge = new ArrayList<>();
      path.add(start);
      nextEdge.add(0);
      state.put(start, 1);
      while (!path.isEmpty()) {
        int top = path.size() - 1;
        String node = path.get(top);
        List<String> edges = graph.getOrDefault(node, List.of());
        int i = nextEdge.get(top);
        if (i == edges.size()) {
          state.put(node, 2);
          path.removeLast();
          nextEdge.removeLast();
          continue;
        }
        nextEdge.set(top, i + 1);
        String next = edges.get(i);
        if (next.equals(node) || !graph.containsKey(next)) continue; // reported as edge problems
        Integer s = state.get(next);
        if (s != null && s == 1) {
          List<String> cycle = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
          cycle.add(next);
          return cycle;
        }
        if (s == null) {
          state.put(next, 1);
          path.add(next);
          nextEdge.add(0);
        }
      }
    }
    return List.of();
  }
}
