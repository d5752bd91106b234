package io.shiplock.core.config;

import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.StatusScope;
import io.shiplock.core.model.StatusSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Checks references against the state the server would have after an apply. Pure. */
final class ReferenceChecker {
  private final Map<ObjectKey, ConfigObject> world;

  ReferenceChecker(Map<ObjectKey, ConfigObject> world) {
    this.world = world;
  }

  void check(List<Ref> refs, Problems problems) {
    for (Ref r : refs) {
      String message = problem(r);
      if (message != null) problems.add(r.at(), r.field(), message);
    }
  }

  private String problem(Ref r) {
    return switch (r.type()) {
      case USER -> null; // checked against the users by the server: a warning
      case VERSION_STATUS -> status(r.name(), StatusScope.VERSION);
      case INVENTORY_STATUS -> status(r.name(), StatusScope.INVENTORY);
      case SNAPSHOT_STATUS -> status(r.name(), StatusScope.SNAPSHOT);
      case AGENT -> missing(Kind.AGENT, r.name(), "agent");
      case APPLICATION -> missing(Kind.APPLICATION, r.name(), "application");
      case COMPONENT_IN_LIST -> missing(Kind.COMPONENT, r.name(), "component");
      case APP_COMPONENT -> appComponent(r.owner(), r.name());
      case COMPONENT_PROCESS -> componentPart(r, "process");
      case COMPONENT_ENV_PROPERTY -> componentPart(r, "environment property");
      case ROLE -> missing(Kind.ROLE, r.name(), "role");
      case APPROVER ->
          world.containsKey(ObjectKey.of(Kind.TEAM, r.name()))
                  || world.containsKey(ObjectKey.of(Kind.ROLE, r.name()))
              ? null
              : "no team or role named '"
                  + r.name()
                  + "'"
                  + Names.suggestion(
                      r.name(),
                      Stream.concat(names(Kind.TEAM).stream(), names(Kind.ROLE).stream()).toList());
      case APP_ENVIRONMENT -> appEnvironment(r.owner(), r.name());
      case APP_PROCESS -> {
        ConfigObject o = world.get(ObjectKey.of(Kind.APPLICATION, r.owner()));
        if (!(o instanceof ApplicationSpec a)) yield null;
        List<String> known = a.processes().stream().map(p -> p.name()).toList();
        yield known.contains(r.name())
            ? null
            : "application '"
                + r.owner()
                + "' has no process named '"
                + r.name()
                + "'"
                + Names.suggestion(r.name(), known);
      }
      case COMPONENT_PROPERTY -> {
        ConfigObject o = world.get(ObjectKey.of(Kind.COMPONENT, r.name()));
        if (!(o instanceof ComponentSpec c)) yield null;
        var v = c.properties().get(r.detail());
        yield v != null && v.secure()
            ? null
            : "component '" + c.name() + "' has no secure property named '" + r.detail() + "'";
      }
    };
  }

  private String missing(Kind kind, String name, String what) {
    if (world.containsKey(ObjectKey.of(kind, name))) return null;
    return "no " + what + " named '" + name + "'" + Names.suggestion(name, names(kind));
  }

  private List<String> names(Kind kind) {
    return world.keySet().stream().filter(k -> k.kind() == kind).map(ObjectKey::name).toList();
  }

  private String status(String name, StatusScope scope) {
    ConfigObject o = world.get(ObjectKey.of(Kind.STATUS, name));
    if (o == null) {
      List<String> sameScope =
          world.values().stream()
              .filter(v -> v instanceof StatusSpec s && s.scope() == scope)
              .map(ConfigObject::name)
              .toList();
      return "no "
          + scope.yaml()
          + " status named '"
          + name
          + "'"
          + Names.suggestion(name, sameScope);
    }
    StatusSpec s = (StatusSpec) o;
    if (s.scope() != scope) {
      return "status '"
          + name
          + (s.scope() == StatusScope.INVENTORY ? "' is an " : "' is a ")
          + s.scope().yaml()
          + " status; a "
          + scope.yaml()
          + " status is needed here";
    }
    return null;
  }

  private String appEnvironment(String app, String env) {
    if (!world.containsKey(ObjectKey.of(Kind.APPLICATION, app))) return null; // reported already
    if (world.containsKey(new ObjectKey(Kind.ENVIRONMENT, app, env))) return null;
    List<String> envs =
        world.keySet().stream()
            .filter(k -> k.kind() == Kind.ENVIRONMENT && app.equals(k.application()))
            .map(ObjectKey::name)
            .toList();
    return "application '"
        + app
        + "' has no environment named '"
        + env
        + "'"
        + Names.suggestion(env, envs);
  }

  private String appComponent(String app, String component) {
    if (app == null || app.isEmpty()) return null;
    ConfigObject o = world.get(ObjectKey.of(Kind.APPLICATION, app));
    if (!(o instanceof ApplicationSpec a)) return null; // reported by the application reference
    if (a.components().contains(component)) return null;
    return "component '"
        + component
        + "' is not part of application '"
        + app
        + "'"
        + Names.suggestion(component, a.components());
  }

  private String componentPart(Ref r, String what) {
    ConfigObject o = world.get(ObjectKey.of(Kind.COMPONENT, r.name()));
    if (!(o instanceof ComponentSpec c)) {
      return null; // a missing component is reported by its own reference
    }
    List<String> known =
        what.equals("process")
            ? c.processes().stream().map(p -> p.name()).toList()
            : c.environmentProperties().stream().map(d -> d.name()).toList();
    if (known.contains(r.detail())) return null;
    return "component '"
        + c.name()
        + "' has no "
        + what
        + " named '"
        + r.detail()
        + "'"
        + Names.suggestion(r.detail(), known)
        + (known.isEmpty()
            ? ""
            : " (it has: "
                + known.stream().filter(Objects::nonNull).collect(Collectors.joining(", "))
                + ")");
  }
}
