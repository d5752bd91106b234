package io.shiplock.server.auth;

import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.RoleSpec;
import io.shiplock.core.model.TeamSpec;
import io.shiplock.core.security.Authorizer;
import io.shiplock.core.security.ReadScope;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads what a user may do: the teams and roles of the configuration. */
public final class Authorizations {
  private final Store store;

  public Authorizations(Store store) {
    this.store = store;
  }

  public Authorizer of(Principal p) {
    return store.read(r -> of(r, p.name(), p.admin()));
  }

  /** What the user may read. */
  public ReadScope scope(Principal p) {
    return store.read(r -> scope(r, p.name(), p.admin()));
  }

  public static ReadScope scope(Repositories r, String user, boolean admin) {
    return new ReadScope(
        of(r, user, admin),
        r.config().list(Kind.APPLICATION).stream().map(o -> (ApplicationSpec) o).toList(),
        r.config().list(Kind.ENVIRONMENT).stream().map(o -> (EnvironmentSpec) o).toList());
  }

  public static Authorizer of(Repositories r, String user, boolean admin) {
    // A directory user is a member of each team named as one of their groups at their last login.
    List<String> groups = r.users().directoryGroups(user).orElse(List.of());
    List<TeamSpec> teams =
        r.config().list(Kind.TEAM).stream()
            .map(o -> (TeamSpec) o)
            .map(t -> groups.contains(t.name()) ? withMember(t, user) : t)
            .toList();
    Map<String, RoleSpec> roles = new HashMap<>();
    r.config().list(Kind.ROLE).forEach(o -> roles.put(o.name(), (RoleSpec) o));
    return new Authorizer(user, admin, teams, roles);
  }

  private static TeamSpec withMember(TeamSpec t, String user) {
    if (t.members().contains(user)) return t;
    List<String> members = new ArrayList<>(t.members());
    members.add(user);
    return new TeamSpec(t.name(), t.description(), members, t.roles());
  }
}
