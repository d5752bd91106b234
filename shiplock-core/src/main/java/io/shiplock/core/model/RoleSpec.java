package io.shiplock.core.model;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** A named set of permissions; teams grant roles on applications and environments. */
public record RoleSpec(String name, String description, Set<Permission> permissions)
    implements ConfigObject {
  public RoleSpec {
    permissions = Collections.unmodifiableSet(new TreeSet<>(permissions));
  }

  @Override
  public ObjectKey key() {
    return ObjectKey.of(Kind.ROLE, name);
  }
}
