package io.shiplock.core.store;

import java.time.Instant;
import java.util.Optional;

public interface UserRepository {
  User create(String name, String passwordHash, boolean admin, Instant at);

  Optional<User> find(String name);

  Optional<User> find(long id);

  long count();
}
