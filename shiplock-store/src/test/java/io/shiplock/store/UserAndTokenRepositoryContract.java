package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.store.ApiToken;
import io.shiplock.core.store.Conflict;
import io.shiplock.core.store.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class UserAndTokenRepositoryContract extends StoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private User user(String name) {
    return store.write(r -> r.users().create(name, "$2y$hash", name.equals("admin"), T0));
  }

  private Optional<ApiToken> byHash(String hash) {
    return read(r -> r.tokens().findByHash(hash));
  }

  private boolean revoke(long userId, long tokenId, Instant at) {
    return store.write(r -> r.tokens().revoke(userId, tokenId, at));
  }

  @Test
  void usersAreUniqueByName() {
    User u = user("admin");
    Optional<User> byName = read(r -> r.users().find("admin"));
    Optional<User> byId = read(r -> r.users().find(u.id()));
    long count = read(r -> r.users().count());
    assertThat(byName).contains(u);
    assertThat(byId).contains(u);
    assertThat(count).isEqualTo(1);
    assertThatThrownBy(() -> user("admin")).isInstanceOf(Conflict.class);
  }

  @Test
  void aDirectoryUserKeepsTheGroupsOfTheLastLoginAndALocalUserHasNone() {
    User local = user("admin");
    User dir = user("alice");
    store.write(
        r -> {
          r.users().setDirectoryGroups(dir.id(), List.of("deployers", "ops"));
          return null;
        });
    assertThat(groups("alice")).contains(List.of("deployers", "ops"));
    store.write(
        r -> {
          r.users().setDirectoryGroups(dir.id(), List.of());
          return null;
        });
    assertThat(groups("alice")).as("in no group, still a directory user").contains(List.of());
    assertThat(groups(local.name())).isEmpty();
    assertThat(groups("nobody")).isEmpty();
  }

  private Optional<List<String>> groups(String user) {
    return read(r -> r.users().directoryGroups(user));
  }

  @Test
  void tokensAreFoundByHashListedAndRevoked() {
    User u = user("admin");
    User other = user("bob");
    ApiToken t = store.write(r -> r.tokens().create(u.id(), "ci", "hash1", "slk_abcd", T0, null));
    assertThat(t.userName()).isEqualTo("admin");
    assertThat(byHash("hash1")).contains(t);
    assertThat(byHash("hash2")).isEmpty();
    List<ApiToken> listed = read(r -> r.tokens().list(u.id()));
    assertThat(listed).containsExactly(t);
    assertThat(revoke(other.id(), t.id(), T0)).as("not bob's token").isFalse();
    assertThat(revoke(u.id(), t.id(), T0.plusSeconds(1))).isTrue();
    assertThat(revoke(u.id(), t.id(), T0.plusSeconds(2))).isFalse();
    ApiToken revoked = byHash("hash1").orElseThrow();
    assertThat(revoked.isActive(T0.plusSeconds(5))).isFalse();
    assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void expiredTokensAreInactiveAndUseIsRecorded() {
    User u = user("admin");
    ApiToken t =
        store.write(r -> r.tokens().create(u.id(), "short", "h", "slk_x", T0, T0.plusSeconds(60)));
    assertThat(t.isActive(T0.plusSeconds(59))).isTrue();
    assertThat(t.isActive(T0.plusSeconds(60))).isFalse();
    write(r -> r.tokens().markUsed(t.id(), T0.plusSeconds(30)));
    assertThat(byHash("h").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(30));
  }
}
