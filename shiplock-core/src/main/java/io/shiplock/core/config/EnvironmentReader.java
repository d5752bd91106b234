package io.shiplock.core.config;

import io.shiplock.core.model.ApprovalSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.GateClause;
import io.shiplock.core.model.GateSpec;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.model.ResourceSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads an Environment document: properties, gate, approval rules and the resource tree. */
final class EnvironmentReader {
  private final List<Ref> refs;

  EnvironmentReader(List<Ref> refs) {
    this.refs = refs;
  }

  EnvironmentSpec read(MapReader r, Map<String, Integer> envCount) {
    String app = r.name("application");
    String name = r.name("name");
    if (app != null) {
      refs.add(r.ref(Ref.Type.APPLICATION, null, app, null, "application"));
    }
    // Without an explicit order, environments stand in the order the files list them.
    int defaultOrder = envCount.merge(String.valueOf(app), 1, Integer::sum);
    Integer order = r.integer("order");
    String description = r.string("description");
    var properties = PropertyReader.read(r, "properties");
    var componentProperties = readComponentProperties(r, app);
    GateSpec gate = r.map("gate").map(this::readGate).orElse(null);
    ApprovalSpec approval = r.map("approval").map(this::readApproval).orElse(null);
    List<ResourceSpec> resources = readResources(r, "resources", app, false);
    Integer concurrency = r.integer("concurrency");
    if (concurrency != null && concurrency < 1) {
      r.error("concurrency", "concurrency must be 1 or more (leave it out for no limit)");
      concurrency = null;
    }
    return new EnvironmentSpec(
        app,
        name,
        order == null ? defaultOrder : order,
        description,
        properties,
        componentProperties,
        gate,
        approval,
        resources,
        concurrency == null ? 0 : concurrency);
  }

  private Map<String, Map<String, PropertyValue>> readComponentProperties(MapReader r, String app) {
    Map<String, Map<String, PropertyValue>> out = new LinkedHashMap<>();
    r.map("componentProperties")
        .ifPresent(
            cp -> {
              for (String component : cp.keys()) {
                refs.add(cp.ref(Ref.Type.APP_COMPONENT, app, component, null, component));
                cp.map(component)
                    .ifPresent(
                        values -> {
                          Map<String, PropertyValue> props = new LinkedHashMap<>();
                          PropertyReader.readInto(values, props);
                          for (String p : props.keySet()) {
                            refs.add(
                                values.ref(Ref.Type.COMPONENT_ENV_PROPERTY, null, component, p, p));
                          }
                          out.put(component, props);
                        });
              }
            });
    return out;
  }

  private GateSpec readGate(MapReader g) {
    List<GateClause> clauses = new ArrayList<>();
    if (g.has("anyOf")) {
      clauses.addAll(
          g.list(
              "anyOf",
              (c, i) -> {
                GateClause clause = readClause(c);
                c.finish();
                return clause;
              }));
      if (g.has("allOf") || g.has("noneOf") || g.has("snapshotStatuses")) {
        g.error("anyOf", "write either anyOf, or allOf/noneOf/snapshotStatuses directly, not both");
      }
    } else {
      clauses.add(readClause(g));
    }
    g.finish();
    for (GateClause c : clauses) {
      if (c.allOf().isEmpty() && c.noneOf().isEmpty() && c.snapshotStatuses().isEmpty()) {
        g.problems()
            .add(
                g.location(),
                g.field(""),
                "a gate clause needs at least one status in allOf, noneOf or snapshotStatuses");
      }
    }
    return new GateSpec(clauses);
  }

  private GateClause readClause(MapReader c) {
    List<String> allOf = c.stringList("allOf");
    List<String> noneOf = c.stringList("noneOf");
    for (String s : allOf) refs.add(c.ref(Ref.Type.VERSION_STATUS, null, s, null, "allOf"));
    for (String s : noneOf) refs.add(c.ref(Ref.Type.VERSION_STATUS, null, s, null, "noneOf"));
    // Statuses the snapshot a request deploys must have; a request naming versions cannot pass.
    List<String> snapshot = c.stringList("snapshotStatuses");
    for (String s : snapshot)
      refs.add(c.ref(Ref.Type.SNAPSHOT_STATUS, null, s, null, "snapshotStatuses"));
    return new GateClause(allOf, noneOf, snapshot);
  }

  private ApprovalSpec readApproval(MapReader a) {
    Integer required = a.integer("required");
    if (required != null && required < 1) a.error("required", "required must be at least 1");
    List<String> approvers = a.stringList("approvers");
    if (approvers.isEmpty())
      a.error("approvers", "approval needs at least one approver (team or role)");
    for (String who : approvers) refs.add(a.ref(Ref.Type.APPROVER, null, who, null, "approvers"));
    // Safe by default: the requester may not approve their own request unless allowed.
    boolean noSelf = a.bool("noSelfApproval", true);
    boolean comment = a.bool("commentRequired", false);
    var expires = a.duration("expiresAfter");
    a.finish();
    return new ApprovalSpec(required == null ? 1 : required, approvers, noSelf, comment, expires);
  }

  private List<ResourceSpec> readResources(
      MapReader r, String key, String app, boolean underAgent) {
    Set<String> names = new HashSet<>();
    return r.list(
        key,
        (n, i) -> {
          String agent = n.string("agent");
          String component = n.string("component");
          String name = n.string("name");
          if (name == null) name = component != null ? component : agent;
          if (name == null) {
            n.error("name", "a group resource needs a name");
            name = "";
          } else {
            String bad = Names.problem(name);
            if (bad != null) n.error("name", bad);
          }
          if (!name.isEmpty() && !names.add(name)) {
            n.error("name", "duplicate resource '" + name + "' at this level");
          }
          if (agent != null && component != null) {
            n.error(
                "component", "a resource is an agent resource or a component resource, not both");
          }
          if (agent != null) refs.add(n.ref(Ref.Type.AGENT, null, agent, null, "agent"));
          if (component != null) {
            refs.add(n.ref(Ref.Type.APP_COMPONENT, app, component, null, "component"));
            if (!underAgent && agent == null) {
              n.error("component", "a component resource must stand below an agent resource");
            }
          }
          List<ResourceSpec> children =
              readResources(n, "children", app, underAgent || agent != null);
          if (component != null && !children.isEmpty()) {
            n.error("children", "a component resource cannot have children");
          }
          n.finish();
          return new ResourceSpec(name, agent, component, children);
        });
  }
}
