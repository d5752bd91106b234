package io.shiplock.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface UserRepository {
  User create(String name, String passwordHash, boolean admin, Instant at);

  Optional<User> find(String name);

  Optional<User> find(long id);

  long count();

  /** Sets (or clears, with null) a user's email address, where notifications go. */
  void setEmail(long id, String email);

  /**
   * The directory groups a directory (LDAP) user had at their last login; empty for a local user,
   * one with a local password.
   */
  Optional<List<String>> directoryGroups(String name);

  /** Marks the user as a directory user with these groups, as the directory named them now. */
  void setDirectoryGroups(long id, List<String> groups);

  /** Every user, by name. */
  List<User> list();
}
