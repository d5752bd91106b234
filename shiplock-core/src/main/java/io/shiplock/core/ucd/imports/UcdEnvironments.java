package io.shiplock.core.ucd.imports;

import io.shiplock.core.config.Names;
import io.shiplock.core.model.ApprovalSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.GateClause;
import io.shiplock.core.model.GateSpec;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.model.ResourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environments of a UCD application: order (their order in the export), properties,
 * component-environment values, the gate (UCD's OR-of-AND-of-NOT form over status names or ids, or
 * a plain list of {@code conditions}), approvals and resource trees where the export has them.
 */
final class UcdEnvironments {
  private final Map<String, String> statusIds;
  private final Map<String, Node> versionStatuses;
  private final Map<String, Node> agents;

  /**
   * {@code statusIds}: status id to name, from the export's statuses; the version statuses the
   * gates name and the agents the resource trees name are added to the given maps, each with where
   * it is first named.
   */
  UcdEnvironments(
      Map<String, String> statusIds, Map<String, Node> versionStatuses, Map<String, Node> agents) {
    this.statusIds = statusIds;
    this.versionStatuses = versionStatuses;
    this.agents = agents;
  }

  List<EnvironmentSpec> of(
      Node application, String appName, List<String> components, Problems problems) {
    List<EnvironmentSpec> out = new ArrayList<>();
    int order = 0;
    for (Node env : application.field("environments").items(problems)) {
      order++;
      String name = env.required("name", problems);
      if (name == null) continue;
      String bad = Names.problem(name);
      if (bad != null) {
        problems.add(env.field("name"), "environment " + bad);
        continue;
      }
      if (out.stream().anyMatch(e -> e.name().equals(name))) {
        problems.add(env.field("name"), "two environments are named '" + name + "'");
        continue;
      }
      out.add(
          new EnvironmentSpec(
              appName,
              name,
              order,
              UcdProperties.emptyToNull(env.text("description", "", problems)),
              UcdProperties.of(env, problems),
              componentProperties(env, components, problems),
              gate(env, problems),
              approval(env, problems),
              resources(env, problems),
              0));
    }
    return out;
  }

  private static Map<String, Map<String, PropertyValue>> componentProperties(
      Node env, List<String> components, Problems problems) {
    Map<String, Map<String, PropertyValue>> out = new LinkedHashMap<>();
    Node cp = env.field("componentProperties");
    List<Node> entries = new ArrayList<>();
    if (cp.isObject()) {
      cp.json().fieldNames().forEachRemaining(n -> entries.add(cp.field(n)));
    } else {
      entries.addAll(cp.items(problems));
    }
    for (Node e : entries) {
      // {component: {name: value}} or [{componentName, properties}] (or {component: {name}}).
      String component =
          cp.isObject()
              ? e.path().substring(e.path().lastIndexOf('.') + 1)
              : e.text("componentName", named(e, "component", problems), problems);
      if (!components.contains(component)) {
        problems.add(e, "component '" + component + "' is not a component of this application");
        continue;
      }
      Map<String, PropertyValue> props =
          cp.isObject() ? UcdProperties.values(e, problems) : UcdProperties.of(e, problems);
      if (!props.isEmpty()) out.put(component, props);
    }
    return out;
  }

  private GateSpec gate(Node env, Problems problems) {
    List<GateClause> clauses = new ArrayList<>();
    if (env.has("gate")) {
      Node or = env.field("gate").field("OR");
      for (Node and : or.items(problems)) {
        List<String> all = new ArrayList<>();
        List<String> none = new ArrayList<>();
        for (Node term : and.field("AND").items(problems)) {
          if (term.isObject()) {
            for (Node not : term.field("NOT").items(problems))
              status(not, problems).ifPresent(none::add);
          } else {
            status(term, problems).ifPresent(all::add);
          }
        }
        clauses.add(new GateClause(all, none));
      }
      if (clauses.isEmpty())
        problems.add(env.field("gate"), "a gate is {\"OR\": [{\"AND\": [...]}]}");
    }
    List<String> conditions = new ArrayList<>();
    for (Node c : env.field("conditions").items(problems)) {
      (c.isObject() ? status(c.field("name"), problems) : status(c, problems))
          .ifPresent(conditions::add);
    }
    if (!conditions.isEmpty()) {
      if (clauses.isEmpty()) clauses.add(new GateClause(conditions, List.of()));
      else clauses.replaceAll(k -> new GateClause(union(k.allOf(), conditions), k.noneOf()));
    }
    return clauses.isEmpty() ? null : new GateSpec(clauses);
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    b.stream().filter(s -> !out.contains(s)).forEach(out::add);
    return out;
  }

  /** A status named or given by its id (resolved through the export's statuses). */
  private Optional<String> status(Node term, Problems problems) {
    if (!term.json().isTextual() || term.json().asText().isBlank()) {
      problems.add(term, "expected a status name or id, found " + term.kind());
      return Optional.empty();
    }
    String s = statusIds.getOrDefault(term.json().asText(), term.json().asText());
    String bad = Names.problem(s);
    if (bad != null) {
      problems.add(term, "status " + bad + " (an id the export's statuses do not list?)");
      return Optional.empty();
    }
    versionStatuses.putIfAbsent(s, term);
    return Optional.of(s);
  }

  private static ApprovalSpec approval(Node env, Problems problems) {
    if (!env.bool("requireApprovals", false, problems)) return null;
    List<String> approvers = new ArrayList<>();
    for (Node a : env.field("approvers").items(problems)) {
      if (a.json().isTextual()) approvers.add(a.json().asText());
    }
    int tasks =
        collectTasks(env.field("approvalProcess").field("rootActivity"), approvers, problems);
    if (approvers.isEmpty()) {
      problems.add(
          env.field("requireApprovals"),
          "approvals are required but no approval task names a role (approvalProcess) and no"
              + " 'approvers' are listed");
      return null;
    }
    List<String> distinct = approvers.stream().distinct().toList();
    return new ApprovalSpec(Math.max(1, tasks), distinct, true, false, null);
  }

  /** The roles of the approval tasks of an approval process; returns how many tasks there are. */
  private static int collectTasks(Node activity, List<String> roles, Problems problems) {
    if (!activity.isObject()) return 0;
    int n = 0;
    if (activity.text("type", "", problems).endsWith("ApprovalTask")) {
      n++;
      String role =
          activity.text("roleName", activity.field("role").text("name", "", problems), problems);
      if (role.isBlank()) problems.add(activity, "an approval task without a role");
      else roles.add(role);
    }
    for (Node child : activity.field("children").items(problems))
      n += collectTasks(child, roles, problems);
    return n;
  }

  private List<ResourceSpec> resources(Node env, Problems problems) {
    List<ResourceSpec> out = new ArrayList<>();
    Node tree = env.has("resources") ? env.field("resources") : env.field("baseResources");
    for (Node r : tree.items(problems)) resource(r, false, problems).ifPresent(out::add);
    return out;
  }

  private Optional<ResourceSpec> resource(Node r, boolean belowAgent, Problems problems) {
    if (r.json().isTextual()) {
      problems.note(
          r,
          "resource '"
              + r.json().asText()
              + "' is only referred to; the export does not describe"
              + " it, so the environment gets no resource for it");
      return Optional.empty();
    }
    String name = r.required("name", problems);
    if (name == null) return Optional.empty();
    String agent = named(r, "agent", problems);
    String component = named(r, "component", problems);
    if (component.isEmpty()) component = r.field("role").text("name", "", problems);
    if (!agent.isEmpty()) agents.putIfAbsent(agent, r);
    if (!component.isEmpty() && !belowAgent) {
      problems.add(r, "component resource '" + name + "' must stand below an agent resource");
      return Optional.empty();
    }
    List<ResourceSpec> children = new ArrayList<>();
    for (Node c : r.field("children").items(problems)) {
      resource(c, belowAgent || !agent.isEmpty(), problems).ifPresent(children::add);
    }
    return Optional.of(
        new ResourceSpec(
            name,
            agent.isEmpty() ? null : agent,
            component.isEmpty() ? null : component,
            children));
  }

  /** A reference written as a name or as an object with its name. */
  private static String named(Node r, String field, Problems problems) {
    Node f = r.field(field);
    if (f.isObject()) return f.text("name", "", problems);
    return r.text(field, "", problems);
  }
}
