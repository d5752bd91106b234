package io.shiplock.core.model;

import java.util.List;

/**
 * Users (by name) and the roles they hold as members: each grant is a role on one application (all
 * when absent) and some of its environments (all when empty).
 */
public record TeamSpec(String name, String description, List<String> members, List<Grant> roles)
    implements ConfigObject {
  public record Grant(String role, String application, List<String> environments) {
    public Grant {
      environments = environments == null ? List.of() : List.copyOf(environments);
    }

    /** Whether this grant covers an application and environment (null: any). */
    public boolean covers(String app, String env) {
      if (application == null) return true;
      if (app != null && !application.equals(app)) return false;
      return environments.isEmpty() || env == null || environments.contains(env);
    }
  }

  public TeamSpec {
    members = List.copyOf(members);
    roles = List.copyOf(roles);
  }

  @Override
  public ObjectKey key() {
    return ObjectKey.of(Kind.TEAM, name);
  }
}
