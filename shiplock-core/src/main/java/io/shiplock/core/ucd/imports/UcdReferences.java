package io.shiplock.core.ucd.imports;

import io.shiplock.core.config.Names;
import io.shiplock.core.model.AgentSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.StatusScope;
import io.shiplock.core.model.StatusSpec;
import io.shiplock.core.model.StepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The statuses and agents of an import: those the export defines, and those it only refers to
 * (gates, status steps, resource trees), each with where it is first named. A referred one is made
 * unless the target already holds it ({@code known}), and the import notes it.
 */
final class UcdReferences {
  private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}|[a-z]{3,20}");

  private final Problems problems;
  private final Predicate<ObjectKey> known;
  private final Map<String, Node> statuses = new LinkedHashMap<>();
  private final Map<String, String> statusIds = new LinkedHashMap<>();
  private final Map<String, Node> versionStatuses = new LinkedHashMap<>();
  private final Map<String, Node> inventoryStatuses = new LinkedHashMap<>();
  private final Map<String, Node> agents = new LinkedHashMap<>();

  UcdReferences(Problems problems, Predicate<ObjectKey> known) {
    this.problems = problems;
    this.known = known;
  }

  /** Reads environments, recording the statuses their gates and the agents their trees name. */
  UcdEnvironments environments() {
    return new UcdEnvironments(statusIds, versionStatuses, agents);
  }

  /** A status the export defines (in its {@code statuses}). */
  void define(Node s) {
    String name = s.required("name", problems);
    if (name == null) return;
    statuses.putIfAbsent(name, s);
    s.text("id", problems).ifPresent(id -> statusIds.put(id, name));
  }

  /** The statuses the status steps of {@code c} name; {@code where}: its processes. */
  void collect(ComponentSpec c, Node where) {
    for (ProcessSpec p : c.processes()) {
      for (StepSpec s : p.steps()) {
        Object status = s.with().get("status");
        if (status == null || status.toString().contains("${")) continue;
        if (s.type().startsWith("version.status."))
          versionStatuses.putIfAbsent(status.toString(), where);
        if (s.type().startsWith("inventory.status.")) {
          inventoryStatuses.putIfAbsent(status.toString(), where);
        }
      }
    }
  }

  List<StatusSpec> statusSpecs() {
    List<StatusSpec> out = new ArrayList<>();
    for (Node s : statuses.values()) {
      String name = s.field("name").json().asText();
      String bad = Names.problem(name);
      if (bad != null) {
        problems.add(s.field("name"), "status " + bad);
        continue;
      }
      String type =
          s.text("type", s.text("scope", "", problems), problems).toUpperCase(Locale.ROOT);
      StatusScope scope =
          type.contains("INVENTORY") || inventoryStatuses.containsKey(name)
              ? StatusScope.INVENTORY
              : StatusScope.VERSION;
      String color = s.text("color", "", problems);
      if (!color.isEmpty() && !COLOR.matcher(color).matches()) {
        problems.note(s.field("color"), "colour '" + color + "' left out: Shiplock takes #RRGGBB");
        color = "";
      }
      out.add(
          new StatusSpec(
              name,
              scope,
              UcdProperties.emptyToNull(color),
              s.bool("unique", false, problems),
              null,
              UcdProperties.emptyToNull(s.text("description", "", problems))));
    }
    referenced(versionStatuses, StatusScope.VERSION, out);
    referenced(inventoryStatuses, StatusScope.INVENTORY, out);
    return out;
  }

  private void referenced(Map<String, Node> names, StatusScope scope, List<StatusSpec> out) {
    for (Map.Entry<String, Node> e : names.entrySet()) {
      String n = e.getKey();
      if (statuses.containsKey(n) || known.test(ObjectKey.of(Kind.STATUS, n))) continue;
      if (out.stream().anyMatch(s -> s.name().equals(n))) continue;
      out.add(new StatusSpec(n, scope, null, false, null, "Imported from UrbanCode Deploy"));
      problems.note(
          e.getValue(),
          scope.yaml() + " status '" + n + "' is referred to here and not defined: it is created");
    }
  }

  List<AgentSpec> agentSpecs() {
    List<AgentSpec> out = new ArrayList<>();
    for (Map.Entry<String, Node> e : agents.entrySet()) {
      String a = e.getKey();
      if (known.test(ObjectKey.of(Kind.AGENT, a))) continue;
      String bad = Names.problem(a);
      if (bad != null) {
        problems.add(e.getValue(), "agent " + bad);
        continue;
      }
      out.add(new AgentSpec(a, "Imported from UrbanCode Deploy", Map.of()));
      problems.note(e.getValue(), "agent '" + a + "' is named here and not defined: it is created");
    }
    return out;
  }
}
