package io.shiplock.core.security;

import io.shiplock.core.model.Permission;
import io.shiplock.core.model.RoleSpec;
import io.shiplock.core.model.TeamSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one user may do, from the teams they are a member of and the roles those teams grant. Pure:
 * the caller loads the teams and roles. Administrators may do everything.
 */
public record Authorizer(
    String user, boolean admin, List<TeamSpec> teams, Map<String, RoleSpec> roles) {
  public Authorizer {
    teams = teams.stream().filter(t -> t.members().contains(user)).toList();
    roles = Map.copyOf(roles);
  }

  /**
   * Whether the user holds the permission on this application and environment; a null application
   * or environment means "on some".
   */
  public boolean allows(Permission p, String application, String environment) {
    if (admin) return true;
    for (TeamSpec t : teams) {
      for (TeamSpec.Grant g : t.roles()) {
        RoleSpec r = roles.get(g.role());
        if (r != null && r.permissions().contains(p) && g.covers(application, environment))
          return true;
      }
    }
    return false;
  }

  /** As {@link #allows}, but granted on every application (configuration, users, the audit log). */
  public boolean allowsEverywhere(Permission p) {
    if (admin) return true;
    for (TeamSpec t : teams) {
      for (TeamSpec.Grant g : t.roles()) {
        RoleSpec r = roles.get(g.role());
        if (r != null && r.permissions().contains(p) && g.application() == null) return true;
      }
    }
    return false;
  }

  /** Why the user may not, or empty when they may. */
  public Optional<String> refusal(Permission p, String application, String environment) {
    if (allows(p, application, environment)) return Optional.empty();
    return Optional.of(
        "user '"
            + user
            + "' lacks the '"
            + p.yaml()
            + "' permission"
            + where(application, environment)
            + " (granted through a team's roles)");
  }

  /** Whether the user is one of these approvers: a member of a team, or a holder of a role. */
  public boolean isApprover(List<String> approvers, String application, String environment) {
    for (TeamSpec t : teams) if (approvers.contains(t.name())) return true;
    for (TeamSpec t : teams) {
      for (TeamSpec.Grant g : t.roles()) {
        if (approvers.contains(g.role()) && g.covers(application, environment)) return true;
      }
    }
    return false;
  }

  /** Whether the user holds a role (through a team, anywhere), for statuses that require one. */
  public boolean holdsRole(String role) {
    if (admin) return true;
    return teams.stream().flatMap(t -> t.roles().stream()).anyMatch(g -> g.role().equals(role));
  }

  private static String where(String app, String env) {
    if (app == null) return "";
    return " on application '" + app + "'" + (env == null ? "" : ", environment '" + env + "'");
  }
}
