package io.shiplock.server.engine;

import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.StatusSpec;
import io.shiplock.core.store.User;
import io.shiplock.server.auth.Authorizations;
import java.util.Optional;

/**
 * A status definition may require a role: a process adds or removes it only for a requester who
 * holds that role (through a team) or is an administrator.
 */
final class RequiredRoles {
  private RequiredRoles() {}

  static Optional<String> refusal(StepStarter.Ctx c, String status) {
    Optional<String> role =
        c.repos()
            .config()
            .find(ObjectKey.of(Kind.STATUS, status))
            .map(o -> ((StatusSpec) o).role())
            .filter(r -> r != null && !r.isBlank());
    if (role.isEmpty()) return Optional.empty();
    String user = c.request().requestedBy();
    boolean admin = c.repos().users().find(user).map(User::admin).orElse(false);
    if (Authorizations.of(c.repos(), user, admin).holdsRole(role.get())) return Optional.empty();
    return Optional.of(
        "status '"
            + status
            + "' requires role '"
            + role.get()
            + "', which the requester '"
            + user
            + "' does not hold");
  }
}
