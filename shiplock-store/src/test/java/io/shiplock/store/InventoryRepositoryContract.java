package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.InventoryRepository.Entry;
import io.shiplock.core.store.InventoryRepository.Event;
import io.shiplock.core.store.InventoryRepository.Place;
import io.shiplock.core.store.InventoryRepository.StatusAt;
import io.shiplock.core.store.InventoryRepository.VersionAt;
import io.shiplock.core.store.VersionFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Version files and the inventory, on both stores. */
abstract class InventoryRepositoryContract extends StoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String C = "SimpleTopologyService";
  private static final Place PROD =
      new Place("ContinuousTestServices", "Production", "leanjazz-production", C);

  private long v1;
  private long v2;

  @BeforeEach
  void example() {
    write(r -> Examples.objects().forEach(r.config()::save));
    v1 = version("1.0");
    v2 = version("1.1");
  }

  private long version(String name) {
    return store.write(r -> r.versions().create(C, name, null, Map.of(), "alice", T0)).id();
  }

  private Entry entry() {
    return read(r -> r.inventory().find(PROD)).orElseThrow();
  }

  private List<VersionFile> files(long v) {
    return read(r -> r.versions().files(v));
  }

  private boolean addStatus(long v, String status) {
    return store.write(r -> r.inventory().addStatus(PROD, v, status, 8, T0));
  }

  private Optional<String> previous() {
    return read(r -> r.inventory().previous(PROD)).map(VersionAt::version);
  }

  private List<Entry> list(String env) {
    return read(r -> r.inventory().list("ContinuousTestServices", env));
  }

  private List<String> statuses() {
    return entry().statuses().stream().map(StatusAt::status).toList();
  }

  @Test
  void filesAreKeptInPathOrder() {
    List<VersionFile> files =
        List.of(
            new VersionFile("service/Dockerfile", "sha256:" + "a".repeat(64), 120, false),
            new VersionFile("service/cgi-bin/topologies", "sha256:" + "b".repeat(64), 300, true),
            new VersionFile("README", "sha256:" + "a".repeat(64), 120, false));
    write(r -> r.versions().addFiles(v1, files));
    assertThat(files(v1))
        .extracting(VersionFile::path)
        .containsExactly("README", "service/Dockerfile", "service/cgi-bin/topologies");
    assertThat(files(v1).get(2).executable()).isTrue();
    assertThat(files(v2)).isEmpty();
  }

  @Test
  void anInstallIsDesiredWhenItStartsAndActualWhenItSucceeds() {
    write(r -> r.inventory().installStarted(PROD, v1, 7, T0));
    assertThat(entry().desired().map(VersionAt::version)).contains("1.0");
    assertThat(entry().actual()).isEmpty();
    write(r -> r.inventory().addStatus(PROD, v1, "Loaded", 7, T0));
    assertThat(statuses()).containsExactly("Loaded");
    write(r -> r.inventory().installEnded(PROD, v1, 7, true, null, T0.plusSeconds(5)));
    VersionAt actual = entry().actual().orElseThrow();
    assertThat(actual.version()).isEqualTo("1.0");
    assertThat(actual.requestId()).isEqualTo(7);
    assertThat(actual.since()).isEqualTo(T0.plusSeconds(5));
    assertThat(addStatus(v1, "Running")).isTrue();
    assertThat(addStatus(v1, "Running")).isFalse();
    assertThat(statuses()).containsExactly("Loaded", "Running");
    assertThat(list(null)).hasSize(1);
    assertThat(list("Integration Test")).isEmpty();
  }

  @Test
  void aFailedInstallKeepsWhatRanAndDropsWhatTheFailedVersionGathered() {
    write(r -> r.inventory().installStarted(PROD, v1, 1, T0));
    write(r -> r.inventory().addStatus(PROD, v1, "Running", 1, T0));
    write(r -> r.inventory().installEnded(PROD, v1, 1, true, null, T0));
    write(r -> r.inventory().installStarted(PROD, v2, 2, T0.plusSeconds(10)));
    write(r -> r.inventory().addStatus(PROD, v2, "Loaded", 2, T0.plusSeconds(11)));
    // While 1.1 installs, 1.0 is what runs, with its statuses.
    assertThat(statuses()).containsExactly("Running");
    write(r -> r.inventory().installEnded(PROD, v2, 2, false, "pull failed", T0.plusSeconds(12)));
    Entry e = entry();
    assertThat(e.actual().map(VersionAt::version)).contains("1.0");
    assertThat(e.desired().map(VersionAt::version)).contains("1.0");
    assertThat(statuses()).containsExactly("Running");
    List<Event> history = read(r -> r.inventory().history(PROD, 10));
    assertThat(history)
        .extracting(Event::event)
        .containsExactly(
            "install-failed",
            "status-added",
            "install-started",
            "installed",
            "status-added",
            "install-started");
    assertThat(history.get(0).detail()).isEqualTo("pull failed");
    // The page's view: the last install of the place failed, for 1.1 in request 2.
    Map<Place, Event> last = read(r -> r.inventory().lastInstalls(PROD.application()));
    assertThat(last).containsOnlyKeys(PROD);
    assertThat(last.get(PROD).event()).isEqualTo("install-failed");
    assertThat(last.get(PROD).version()).isEqualTo("1.1");
    assertThat(last.get(PROD).requestId()).isEqualTo(2);
    // A later successful install (and a status after it) is what counts then.
    write(r -> r.inventory().installStarted(PROD, v2, 3, T0.plusSeconds(20)));
    write(r -> r.inventory().installEnded(PROD, v2, 3, true, null, T0.plusSeconds(21)));
    write(r -> r.inventory().addStatus(PROD, v2, "Running", 3, T0.plusSeconds(22)));
    Map<Place, Event> now = read(r -> r.inventory().lastInstalls(PROD.application()));
    assertThat(now.get(PROD).event()).isEqualTo("installed");
    assertThat(now.get(PROD).requestId()).isEqualTo(3);
    Map<Place, Event> none = read(r -> r.inventory().lastInstalls("Nope"));
    assertThat(none).isEmpty();
  }

  @Test
  void rollbackFindsTheLastOtherVersionThatDeployed() {
    assertThat(previous()).isEmpty();
    for (long v : List.of(v1, v2)) {
      write(r -> r.inventory().installStarted(PROD, v, v, T0));
      write(r -> r.inventory().installEnded(PROD, v, v, true, null, T0));
    }
    assertThat(previous()).contains("1.0");
    ComponentVersion v3 = store.write(r -> r.versions().create(C, "1.2", null, Map.of(), "a", T0));
    write(r -> r.inventory().installStarted(PROD, v3.id(), 9, T0));
    write(r -> r.inventory().installEnded(PROD, v3.id(), 9, false, "boom", T0));
    assertThat(previous()).contains("1.0");
    write(r -> r.inventory().removeStatus(PROD, v2, "Running", 9, T0));
  }

  /** The race a user met: concurrent first installs into a fresh place all succeed, one entry. */
  @Test
  void fiftyConcurrentFirstInstallsMakeOneEntry() throws Exception {
    int n = 50;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < n; i++) {
        long request = 100L + i;
        Place place = new Place("ContinuousTestServices", "Integration Test", "fresh", C);
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.write(
                      r -> {
                        r.inventory().installStarted(place, v1, request, T0);
                        return null;
                      });
                }));
      }
      go.countDown();
      for (var f : done) f.get(); // none fails
    }
    List<Entry> entries = list("Integration Test");
    assertThat(entries).hasSize(1);
    Place fresh = new Place("ContinuousTestServices", "Integration Test", "fresh", C);
    List<Event> history = read(r -> r.inventory().history(fresh, 1000));
    assertThat(history).hasSize(n);
  }
}
