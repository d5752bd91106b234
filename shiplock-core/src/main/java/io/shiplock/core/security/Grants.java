package io.shiplock.core.security;

import io.shiplock.core.config.Change;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.RoleSpec;
import io.shiplock.core.model.TeamSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Who may hand out permissions: a user who changes configuration may create or change a role or a
 * team only when every permission it then grants is one they hold on every application themselves.
 * Otherwise {@code configure} would be a way to {@code security}, {@code agents} or anything else
 * (a team that grants a role is a grant to its members). Removing grants is always allowed.
 * Administrators hold everything. Pure: the caller gives the user's permissions before the change
 * and the configuration after it.
 */
public final class Grants {
  private Grants() {}

  /** Why {@code changes} grant more than {@code applier} holds, or empty. */
  public static Optional<String> refusal(
      Authorizer applier, List<Change> changes, Function<ObjectKey, Optional<ConfigObject>> after) {
    Set<String> beyond = new TreeSet<>();
    for (Change c : changes) {
      if (c.action() == Change.Action.DELETE) continue;
      Kind kind = c.key().kind();
      if (kind != Kind.ROLE && kind != Kind.TEAM) continue;
      ConfigObject o = after.apply(c.key()).orElse(null);
      if (o instanceof RoleSpec r) {
        for (Permission p : r.permissions())
          if (!applier.allowsEverywhere(p)) beyond.add(p.yaml() + " (role '" + r.name() + "')");
      } else if (o instanceof TeamSpec t) {
        for (TeamSpec.Grant g : t.roles()) {
          if (after.apply(ObjectKey.of(Kind.ROLE, g.role())).orElse(null) instanceof RoleSpec r)
            for (Permission p : r.permissions())
              if (!applier.allowsEverywhere(p))
                beyond.add(p.yaml() + " (team '" + t.name() + "', role '" + r.name() + "')");
        }
      }
    }
    if (beyond.isEmpty()) return Optional.empty();
    return Optional.of(
        "user '"
            + applier.user()
            + "' may not grant permissions they do not hold on every application: "
            + String.join(", ", beyond));
  }
}
