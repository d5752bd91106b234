package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.store.SourceRepository.State;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Import state of sources and the claims and records of trigger firings, on every store. */
abstract class SourceRepositoryContract extends StoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String SHA1 = "1111111111111111111111111111111111111111";
  private static final String SHA2 = "2222222222222222222222222222222222222222";

  private long v1;
  private long v2;

  @BeforeEach
  void example() {
    write(r -> Examples.objects().forEach(r.config()::save));
    v1 = version("1.0");
    v2 = version("1.1");
  }

  private long version(String name) {
    return store
        .write(r -> r.versions().create("SimpleTopologyService", name, null, Map.of(), "bob", T0))
        .id();
  }

  private Optional<State> state(String source) {
    return read(r -> r.sources().state(source));
  }

  private boolean claim(String trigger, long versionId, Instant at) {
    return store.write(r -> r.sources().claim(trigger, versionId, at));
  }

  /** A row of trigger_fired as stored; the port has no reader for it (the audit log shows it). */
  private record Fired(Long requestId, String outcome, String detail, Instant firedAt) {}

  private List<Fired> fired(String trigger, long versionId) throws SQLException {
    List<Fired> rows = new ArrayList<>();
    try (var c = rawConnection();
        var s =
            c.prepareStatement(
                "SELECT request_id, outcome, detail, fired_at FROM trigger_fired"
                    + " WHERE trigger_name = ? AND version_id = ?")) {
      s.setString(1, trigger);
      s.setLong(2, versionId);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          long request = rs.getLong("request_id");
          rows.add(
              new Fired(
                  rs.wasNull() ? null : request,
                  rs.getString("outcome"),
                  rs.getString("detail"),
                  rs.getTimestamp("fired_at").toInstant()));
        }
      }
    }
    return rows;
  }

  @Test
  void aSourceKeepsItsNewestCommitAcrossChecksAndErrors() {
    assertThat(state("app")).isEmpty();

    write(r -> r.sources().checked("app", SHA1, null, T0));
    assertThat(state("app")).contains(new State("app", SHA1, T0, T0, null));

    Instant nothingNew = T0.plusSeconds(60);
    write(r -> r.sources().checked("app", null, null, nothingNew));
    assertThat(state("app")).contains(new State("app", SHA1, nothingNew, T0, null));

    Instant failed = T0.plusSeconds(120);
    write(r -> r.sources().checked("app", null, "import failed: timeout", failed));
    assertThat(state("app"))
        .as("an error keeps the last import")
        .contains(new State("app", SHA1, failed, T0, "import failed: timeout"));

    Instant imported = T0.plusSeconds(180);
    write(r -> r.sources().checked("app", SHA2, null, imported));
    assertThat(state("app"))
        .as("a good check clears the error")
        .contains(new State("app", SHA2, imported, imported, null));
  }

  @Test
  void aSourceWhoseFirstCheckFailsHasAnErrorAndNoCommit() {
    write(r -> r.sources().checked("broken", null, "branch 'main' does not exist", T0));
    write(r -> r.sources().checked("app", SHA1, null, T0));
    assertThat(state("broken"))
        .contains(new State("broken", null, T0, null, "branch 'main' does not exist"));
    assertThat(state("app")).contains(new State("app", SHA1, T0, T0, null));
  }

  /**
   * Several nodes check a new source at once (each one polls; a webhook lands on any of them):
   * every check succeeds.
   */
  @Test
  void concurrentFirstChecksOfASourceAllSucceed() throws Exception {
    int n = 8;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> checks = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      for (int i = 0; i < n; i++) {
        Instant at = T0.plusSeconds(i);
        checks.add(
            pool.submit(
                () -> {
                  go.await();
                  write(r -> r.sources().checked("app", SHA1, null, at));
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : checks) f.get(30, TimeUnit.SECONDS); // none fails
    } finally {
      pool.shutdownNow();
    }
    State s = state("app").orElseThrow();
    assertThat(s.lastSha()).isEqualTo(SHA1);
    assertThat(s.lastError()).isNull();
  }

  private boolean delivery(String source, Instant at, String... keys) {
    return store.write(
        r -> r.sources().firstDelivery(source, List.of(keys), at, at.minusSeconds(86_400)));
  }

  @Test
  void aWebhookDeliveryIsFirstOnceWithinTheWindow() {
    assertThat(delivery("app", T0, "id:1", "body:aa")).isTrue();
    assertThat(delivery("app", T0.plusSeconds(1), "id:1", "body:bb")).as("same id").isFalse();
    assertThat(delivery("app", T0.plusSeconds(2), "id:2", "body:aa")).as("same body").isFalse();
    assertThat(delivery("other", T0.plusSeconds(3), "id:1", "body:aa"))
        .as("another source")
        .isTrue();
    assertThat(delivery("app", T0.plusSeconds(4), "id:3", "body:cc")).isTrue();
    assertThat(delivery("app", T0.plusSeconds(86_401), "id:1", "body:aa"))
        .as("a day later the first delivery is forgotten")
        .isTrue();
  }

  @Test
  void aTriggerIsClaimedOncePerVersion() throws SQLException {
    assertThat(claim("deploy", v1, T0)).isTrue();
    assertThat(claim("deploy", v1, T0.plusSeconds(1))).as("the same version again").isFalse();
    assertThat(claim("deploy", v2, T0)).as("another version").isTrue();
    assertThat(claim("test", v1, T0)).as("another trigger").isTrue();
    assertThat(fired("deploy", v1)).containsExactly(new Fired(null, "CLAIMED", null, T0));
  }

  @Test
  void firedRecordsTheOutcomeOfAClaim() throws SQLException {
    write(
        r -> {
          r.sources().claim("deploy", v1, T0);
          r.sources().fired("deploy", v1, 7L, "REQUESTED", "new version 1.0: request 7");
        });
    claim("deploy", v2, T0.plusSeconds(5));
    write(r -> r.sources().fired("deploy", v2, null, "REFUSED", "new version 1.1: no approver"));

    assertThat(fired("deploy", v1))
        .containsExactly(new Fired(7L, "REQUESTED", "new version 1.0: request 7", T0));
    assertThat(fired("deploy", v2))
        .containsExactly(
            new Fired(null, "REFUSED", "new version 1.1: no approver", T0.plusSeconds(5)));
    assertThat(claim("deploy", v1, T0.plusSeconds(10))).as("a fired version stays fired").isFalse();
  }

  @Test
  void firedWithoutAClaimRecordsNothing() throws SQLException {
    write(r -> r.sources().fired("deploy", v1, 7L, "REQUESTED", "no claim"));
    assertThat(fired("deploy", v1)).isEmpty();
    assertThat(claim("deploy", v1, T0)).isTrue();
  }

  /**
   * Two events race to fire one trigger for one version: the second claim waits for the first
   * transaction, then loses without an exception (which would fail the second event's work).
   */
  @Test
  void twoConcurrentClaimsOfOneTriggerAndVersionHaveOneWinner() throws Exception {
    CountDownLatch firstClaimed = new CountDownLatch(1);
    CountDownLatch secondStarted = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Boolean> second =
          pool.submit(
              () -> {
                firstClaimed.await();
                secondStarted.countDown();
                return claim("deploy", v1, T0.plusSeconds(1));
              });
      Future<Boolean> first =
          pool.submit(
              () ->
                  store.write(
                      r -> {
                        boolean won = r.sources().claim("deploy", v1, T0);
                        firstClaimed.countDown();
                        try {
                          // Hold the claim uncommitted while the second one runs into it.
                          secondStarted.await();
                          second.get(500, TimeUnit.MILLISECONDS);
                        } catch (TimeoutException | ExecutionException e) {
                          // Waiting for this transaction (expected), or failed: asserted below.
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                        return won;
                      }));
      assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
      assertThat(second.get(30, TimeUnit.SECONDS)).isFalse();
    } finally {
      pool.shutdownNow();
    }
    assertThat(fired("deploy", v1)).containsExactly(new Fired(null, "CLAIMED", null, T0));
  }

  /** Many events at once, over several versions: each version fires the trigger exactly once. */
  @Test
  void concurrentClaimsOfManyVersionsHaveOneWinnerEach() throws Exception {
    List<Long> versions = List.of(v1, v2, version("1.2"), version("1.3"));
    int perVersion = 6;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> claims = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < perVersion; i++)
        for (long v : versions)
          claims.add(
              pool.submit(
                  () -> {
                    go.await();
                    return claim("deploy", v, T0);
                  }));
      go.countDown();
      int won = 0;
      for (Future<Boolean> f : claims) if (f.get(30, TimeUnit.SECONDS)) won++; // none fails
      assertThat(won).isEqualTo(versions.size());
    } finally {
      pool.shutdownNow();
    }
    for (long v : versions) assertThat(fired("deploy", v)).hasSize(1);
  }

  /**
   * Several server nodes poll the sources: one holds a source's lease at a time; a due source whose
   * holder's lease ran out (the node died) is taken by another; a source checked within its
   * interval is not due for anyone.
   */
  @Test
  void oneNodePollsASourceAtATimeAndAnotherTakesOverALeaseThatRanOut() {
    Instant until = T0.plusSeconds(300);
    assertThat(lease("node-a", T0, until, T0)).isTrue();
    assertThat(lease("node-b", T0.plusSeconds(1), until, T0.plusSeconds(1))).isFalse();
    // Node A died holding it: once the lease has run out, node B polls.
    Instant later = until.plusSeconds(1);
    assertThat(lease("node-b", later, later.plusSeconds(300), later)).isTrue();
    write(r -> r.sources().checked("app", SHA1, null, later));
    write(r -> r.sources().releasePoll("app", "node-b"));
    // Checked just now: not due again until its interval (here 60 s) has passed.
    Instant soon = later.plusSeconds(10);
    assertThat(lease("node-a", soon, soon.plusSeconds(300), soon.minusSeconds(60))).isFalse();
    Instant due = later.plusSeconds(61);
    assertThat(lease("node-a", due, due.plusSeconds(300), due.minusSeconds(60))).isTrue();
    // A release by a node that does not hold the lease changes nothing.
    write(r -> r.sources().releasePoll("app", "node-b"));
    assertThat(lease("node-b", due, due.plusSeconds(300), due)).isFalse();
  }

  private boolean lease(String holder, Instant now, Instant until, Instant dueBy) {
    return store.write(r -> r.sources().leasePoll("app", holder, now, until, dueBy));
  }
}
