package io.shiplock.core.security;

import io.shiplock.core.model.AgentSpec;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.BlackoutSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.ResourceSpec;
import io.shiplock.core.model.RoleSpec;
import io.shiplock.core.model.ScheduleSpec;
import io.shiplock.core.model.SourceSpec;
import io.shiplock.core.model.StatusSpec;
import io.shiplock.core.model.TeamSpec;
import io.shiplock.core.model.TriggerSpec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one user may read, as their {@code view} grants scope it: reads are scoped exactly as writes
 * are. A user with {@code view} on every application reads everything; a user with {@code view} on
 * one application (or some of its environments) reads that application, its components and their
 * versions and sources, those environments with their requests, logs and inventory, and the agents
 * those environments run on. Teams and roles (who may do what) are read only with {@code view}
 * everywhere; status definitions are vocabulary, read by anyone who may read something. Pure: the
 * caller loads the applications and environments.
 */
public final class ReadScope {
  private final Authorizer authz;
  private final boolean everything;
  private final Set<String> components = new HashSet<>();
  private final Set<String> agents = new HashSet<>();

  public ReadScope(
      Authorizer authz, List<ApplicationSpec> applications, List<EnvironmentSpec> environments) {
    this.authz = authz;
    this.everything = authz.allowsEverywhere(Permission.VIEW);
    for (ApplicationSpec a : applications)
      if (application(a.name())) components.addAll(a.components());
    for (EnvironmentSpec e : environments)
      if (environment(e.application(), e.name())) agentsOf(e.resources(), agents);
  }

  private static void agentsOf(List<ResourceSpec> roots, Set<String> into) {
    Deque<ResourceSpec> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      ResourceSpec r = todo.pop();
      if (r.agent() != null) into.add(r.agent());
      todo.addAll(r.children());
    }
  }

  /** Reads everything: {@code view} on every application (an administrator does). */
  public boolean everything() {
    return everything;
  }

  /** May read the audit log: {@code security} on every application. */
  public boolean audit() {
    return authz.allowsEverywhere(Permission.SECURITY);
  }

  /** May request deployments on this environment (pages offer the form only then). */
  public boolean mayRequest(String app, String env) {
    return authz.allows(Permission.REQUEST, app, env);
  }

  /** May read something at all: {@code view} on some application or environment. */
  public boolean anything() {
    return authz.allows(Permission.VIEW, null, null);
  }

  public boolean application(String app) {
    return app != null && authz.allows(Permission.VIEW, app, null);
  }

  public boolean environment(String app, String env) {
    return app != null && env != null && authz.allows(Permission.VIEW, app, env);
  }

  /** A component is read through an application that has it. */
  public boolean component(String component) {
    return everything || components.contains(component);
  }

  /** An agent is read through an environment whose resources run on it. */
  public boolean agent(String agent) {
    return everything || agents.contains(agent);
  }

  public boolean object(ConfigObject o) {
    return switch (o) {
      case ApplicationSpec a -> application(a.name());
      case EnvironmentSpec e -> environment(e.application(), e.name());
      case ComponentSpec c -> component(c.name());
      case SourceSpec s -> component(s.component());
      case TriggerSpec t -> application(t.application()) && component(t.component());
      case ScheduleSpec x -> environment(x.application(), x.environment());
      case BlackoutSpec x -> application(x.application());
      case AgentSpec a -> agent(a.name());
      case StatusSpec s -> anything();
      case RoleSpec r -> everything;
      case TeamSpec t -> everything;
    };
  }

  /** Why the user may not read this application, or empty. */
  public Optional<String> refuseApplication(String app) {
    return application(app) ? Optional.empty() : authz.refusal(Permission.VIEW, app, null);
  }

  /** Why the user may not read this environment's requests and state, or empty. */
  public Optional<String> refuseEnvironment(String app, String env) {
    return environment(app, env) ? Optional.empty() : authz.refusal(Permission.VIEW, app, env);
  }

  /** Why the user may not read this component, or empty; the same whether or not it exists. */
  public Optional<String> refuseComponent(String component) {
    if (component(component)) return Optional.empty();
    return Optional.of(
        "user '"
            + authz.user()
            + "' lacks the 'view' permission on an application with component '"
            + component
            + "' (granted through a team's roles)");
  }

  /**
   * Why the user may not read the object of this key, or empty; decided from the key alone, so the
   * answer is the same whether or not the object exists. Sources and triggers are scoped by the
   * component they name inside: the caller reads them and treats one outside the scope as missing.
   */
  public Optional<String> refuse(ObjectKey key) {
    return switch (key.kind()) {
      case APPLICATION -> refuseApplication(key.name());
      case ENVIRONMENT -> refuseEnvironment(key.application(), key.name());
      case SNAPSHOT -> refuseApplication(key.application());
      case COMPONENT -> refuseComponent(key.name());
      case AGENT ->
          agent(key.name())
              ? Optional.empty()
              : Optional.of(
                  "user '"
                      + authz.user()
                      + "' lacks the 'view' permission on an environment that runs on agent '"
                      + key.name()
                      + "' (granted through a team's roles)");
      case ROLE, TEAM ->
          everything ? Optional.empty() : Optional.of(refusalEverywhere(authz.user()));
      case STATUS, SOURCE, TRIGGER, SCHEDULE, BLACKOUT -> Optional.empty();
    };
  }

  /** The refusal of what only {@code view} on every application reads. */
  public static String refusalEverywhere(String user) {
    return "user '"
        + user
        + "' lacks the 'view' permission on every application (granted through a team's roles)";
  }
}
