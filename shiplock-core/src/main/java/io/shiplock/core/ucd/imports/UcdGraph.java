package io.shiplock.core.ucd.imports;

import io.shiplock.core.config.Names;
import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.StepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A UCD process ({@code rootActivity}: a graph of children and edges) as a Shiplock step graph.
 *
 * <p>Edges keep their meaning: SUCCESS is {@code onSuccess}, FAILURE {@code onFailure}, ALWAYS
 * {@code always}, VALUE an {@code onValue} edge of a {@code switch} step. UCD's FINISH becomes a
 * {@code join} named as it was, so a branch that handles a failure still ends in it and parallel
 * branches wait for each other as in UCD. An activity marked "ignore failure" ({@code
 * allowFailure}) follows its success edges on failure too. A step left out with {@code
 * --skip-unmapped} is bridged: what led to it leads to what followed it.
 */
final class UcdGraph {
  /** Maps one activity that is not a graph node of its own (finish, join) to a step. */
  interface Activities {
    /** The step, or empty when the activity is left out (a problem is recorded either way). */
    Optional<Leaf> map(Node activity, Problems problems);
  }

  private record Edge(String from, String to, String type, String value, Node where) {}

  /** A property name, scoped ({@code environment/x}) or not, as a switch step may read it. */
  private static final Pattern PROPERTY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-/]{0,254}");

  private UcdGraph() {}

  static Optional<ProcessSpec> process(Node process, Activities activities, Problems problems) {
    String name = process.required("name", problems);
    if (name == null) return Optional.empty();
    String bad = Names.problem(name);
    if (bad != null) {
      problems.add(process.field("name"), bad);
      return Optional.empty();
    }
    Node root = process.field("rootActivity");
    if (!root.isObject()) {
      problems.add(root, "a process needs its rootActivity graph, found " + root.kind());
      return Optional.empty();
    }
    String rootType = root.text("type", "graph", problems);
    if (!rootType.equals("graph")) {
      problems.add(
          root.field("type"), "expected a rootActivity of type 'graph', found '" + rootType + "'");
      return Optional.empty();
    }
    List<StepSpec> steps = steps(root, activities, problems);
    return Optional.of(
        new ProcessSpec(
            name, UcdProperties.emptyToNull(process.text("description", "", problems)), steps));
  }

  private static List<StepSpec> steps(Node root, Activities activities, Problems problems) {
    Map<String, Leaf> leaves = new LinkedHashMap<>();
    Set<String> skipped = new LinkedHashSet<>();
    Map<String, Node> where = new LinkedHashMap<>();
    for (Node child : root.field("children").items(problems)) {
      String name = child.required("name", problems);
      if (name == null) continue;
      String bad = Names.problem(name);
      if (bad != null) {
        problems.add(child.field("name"), "step " + bad);
        continue;
      }
      if (where.put(name, child) != null) {
        problems.add(child.field("name"), "two steps are named '" + name + "'");
        continue;
      }
      String type = child.text("type", "", problems);
      switch (type) {
        case "finish" -> leaves.put(name, Leaf.finish());
        case "join" -> leaves.put(name, new Leaf("join", Map.of(), null, null, false));
        case "switch" -> {
          String property = child.required("propertyName", problems);
          if (property != null && !PROPERTY.matcher(property).matches()) {
            // It becomes ${p:<name>}: a brace or '$' in it would make another reference.
            problems.add(
                child.field("propertyName"),
                "switch property name '"
                    + property
                    + "' cannot be referred to as ${p:…} (letters, digits, '_', '-', '.', '/')");
          } else if (property != null) {
            leaves.put(
                name,
                UcdComponentSteps.common(
                    child, "switch", Map.of("value", "${p:" + property + "}"), problems));
          }
        }
        // UCD's Acquire Lock / Release Lock utility steps: the same named, first-come locks.
        case "acquireLock", "releaseLock" -> {
          String lock = child.required("lock", problems);
          if (lock != null)
            leaves.put(
                name,
                UcdComponentSteps.common(
                    child,
                    type.equals("acquireLock") ? "lock.acquire" : "lock.release",
                    Map.of("name", lock),
                    problems));
        }
        default ->
            activities
                .map(child, problems)
                .ifPresentOrElse(l -> leaves.put(name, l), () -> skipped.add(name));
      }
    }
    int before = problems.problems().size();
    List<Edge> edges = edges(root, where, problems);
    if (problems.problems().size() > before) return List.of(); // the shape says nothing more
    edges = bridge(edges, skipped);
    return build(leaves, edges, where, problems);
  }

  private static List<Edge> edges(Node root, Map<String, Node> steps, Problems problems) {
    List<Edge> out = new ArrayList<>();
    for (Node e : root.field("edges").items(problems)) {
      String to = e.required("to", problems);
      String from = e.text("from", problems).filter(s -> !s.isEmpty()).orElse(null);
      String type = e.text("type", "SUCCESS", problems).toUpperCase(Locale.ROOT);
      if (to == null) continue;
      boolean ok = true;
      for (String end : new String[] {from, to}) {
        if (end != null && !steps.containsKey(end)) {
          problems.add(e, "no step named '" + end + "' in this process");
          ok = false;
        }
      }
      if (!List.of("SUCCESS", "FAILURE", "ALWAYS", "VALUE").contains(type)) {
        problems.add(e.field("type"), "unknown edge type '" + type + "'");
        ok = false;
      }
      if (type.equals("VALUE") && e.field("value").isMissing()) {
        problems.add(e, "a VALUE edge needs the 'value' of the switch property it is taken on");
        ok = false;
      }
      if (ok) out.add(new Edge(from, to, type, e.text("value", "", problems), e));
    }
    return out;
  }

  /**
   * Leaves out the skipped steps: each edge into one is carried on to the steps it led to on
   * success (a step that never ran has not failed), until no edge touches a skipped step.
   */
  private static List<Edge> bridge(List<Edge> edges, Set<String> skipped) {
    List<Edge> out = edges;
    for (String s : skipped) {
      List<Edge> next = new ArrayList<>();
      // An edge from a left-out step to itself leads nowhere once the step is gone.
      List<Edge> after =
          out.stream()
              .filter(e -> s.equals(e.from()) && !s.equals(e.to()) && !e.type().equals("FAILURE"))
              .toList();
      for (Edge e : out) {
        if (s.equals(e.from())) continue;
        if (s.equals(e.to())) {
          after.forEach(a -> next.add(new Edge(e.from(), a.to(), e.type(), e.value(), e.where())));
        } else {
          next.add(e);
        }
      }
      out = next;
    }
    // Left-out steps that only lead to each other (a loop) leave edges into them: drop those too.
    return out.stream().filter(e -> !skipped.contains(e.to())).toList();
  }

  private static List<StepSpec> build(
      Map<String, Leaf> leaves, List<Edge> edges, Map<String, Node> where, Problems problems) {
    Set<String> started = new LinkedHashSet<>();
    Set<String> reached = new LinkedHashSet<>();
    for (Edge e : edges) {
      if (e.from() == null) started.add(e.to());
      else reached.add(e.to());
    }
    List<StepSpec> steps = new ArrayList<>();
    for (Map.Entry<String, Leaf> entry : leaves.entrySet()) {
      String name = entry.getKey();
      Leaf leaf = entry.getValue();
      if (started.contains(name) && reached.contains(name)) {
        problems.add(
            where.get(name),
            "step '"
                + name
                + "' is both a first step and the target of another step's edge;"
                + " Shiplock starts a step either first or after its edges");
      } else if (!started.contains(name) && !reached.contains(name) && leaves.size() > 1) {
        problems.add(
            where.get(name), "no edge leads to step '" + name + "': it would never run in UCD");
      }
      List<String> onSuccess = targets(edges, name, "SUCCESS");
      List<String> onFailure = new ArrayList<>(targets(edges, name, "FAILURE"));
      List<String> always = targets(edges, name, "ALWAYS");
      Map<String, List<String>> onValue = values(edges, name);
      if (leaf.allowFailure()) {
        onSuccess.stream().filter(t -> !onFailure.contains(t)).forEach(onFailure::add);
        // A step that ends its branch has no success edge to follow: its failure, ignored in
        // UCD, would fail the process here unless it leads somewhere, so it leads to FINISH.
        if (onFailure.isEmpty() && always.isEmpty()) {
          String finish = finish(leaves);
          if (finish != null && !finish.equals(name)) onFailure.add(finish);
          else
            problems.add(
                where.get(name),
                "step '"
                    + name
                    + "' ignores its failure and ends the process without a FINISH"
                    + " to lead to; add an edge to FINISH");
        }
      }
      if (!onValue.isEmpty() && !leaf.type().equals("switch")) {
        problems.add(
            where.get(name), "VALUE edges leave step '" + name + "'; only a switch step has them");
        onValue = Map.of();
      }
      steps.add(
          new StepSpec(
              name,
              leaf.type(),
              leaf.with(),
              leaf.precondition(),
              null,
              leaf.postProcessing(),
              false,
              onSuccess,
              onFailure,
              always,
              onValue));
    }
    if (steps.size() > 1 && steps.stream().noneMatch(StepSpec::hasExplicitEdges)) {
      // Shiplock would run edge-less steps in list order; UCD runs them side by side.
      problems.add(
          where.values().iterator().next(), "the steps of this process have no edges between them");
    }
    return steps;
  }

  /** The FINISH of the graph (the join a UCD finish became), or null. */
  private static String finish(Map<String, Leaf> leaves) {
    return leaves.entrySet().stream()
        .filter(e -> e.getValue().end())
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  private static List<String> targets(List<Edge> edges, String from, String type) {
    return edges.stream()
        .filter(e -> from.equals(e.from()) && e.type().equals(type))
        .map(Edge::to)
        .distinct()
        .toList();
  }

  private static Map<String, List<String>> values(List<Edge> edges, String from) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    edges.stream()
        .filter(e -> from.equals(e.from()) && e.type().equals("VALUE"))
        .forEach(e -> out.computeIfAbsent(e.value(), k -> new ArrayList<>()).add(e.to()));
    return out;
  }
}
