package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.store.Conflict;
import io.shiplock.core.store.SnapshotRepository.Entry;
import io.shiplock.core.store.SnapshotRepository.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class SnapshotRepositoryContract extends StoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String C = "SimpleTopologyService";
  private long v1;
  private long v2;

  @BeforeEach
  void example() {
    write(r -> Examples.objects().forEach(r.config()::save));
    v1 = store.write(r -> r.versions().create(C, "1.0", null, Map.of(), "ci", T0)).id();
    v2 = store.write(r -> r.versions().create(C, "2.0", null, Map.of(), "ci", T0)).id();
  }

  private Snapshot create(String name, long version, Instant at) {
    return store.write(
        r -> r.snapshots().create("App", name, "for " + name, Map.of(C, version), "rita", at));
  }

  private Optional<Snapshot> find(String app, String name) {
    return read(r -> r.snapshots().find(app, name));
  }

  private Optional<Snapshot> find(long id) {
    return read(r -> r.snapshots().find(id));
  }

  private List<Snapshot> list(int limit) {
    return read(r -> r.snapshots().list("App", limit));
  }

  private boolean addStatus(long id) {
    return store.write(r -> r.snapshots().addStatus(id, "Passed QA", "qa", T0));
  }

  @Test
  void aSnapshotKeepsItsVersionsAndIsFoundByNameOrId() {
    Snapshot s = create("release-1", v1, T0);
    assertThat(s.versions()).containsExactly(new Entry(C, v1, "1.0"));
    assertThat(s.description()).isEqualTo("for release-1");
    assertThat(s.createdBy()).isEqualTo("rita");
    assertThat(find("App", "release-1")).contains(s);
    assertThat(find(s.id())).contains(s);
    assertThat(find("Other", "release-1")).isEmpty();
  }

  @Test
  void aNameIsUsedOncePerApplicationAndListsAreNewestFirst() {
    create("a", v1, T0);
    create("b", v2, T0.plusSeconds(60));
    assertThatThrownBy(() -> create("a", v2, T0)).isInstanceOf(Conflict.class);
    assertThat(list(10)).extracting(Snapshot::name).containsExactly("b", "a");
    assertThat(list(1)).hasSize(1);
  }

  @Test
  void statusesAreAddedOnceAndRemoved() {
    long id = create("s", v1, T0).id();
    assertThat(addStatus(id)).isTrue();
    assertThat(addStatus(id)).isFalse();
    assertThat(find(id).orElseThrow().statuses()).containsExactly("Passed QA");
    boolean removed = store.write(r -> r.snapshots().removeStatus(id, "Passed QA"));
    assertThat(removed).isTrue();
    assertThat(find(id).orElseThrow().statuses()).isEmpty();
  }

  @Test
  void aUniqueStatusIsClearedFromEverySnapshotOfTheApplication() {
    long a = create("a", v1, T0).id();
    long b = create("b", v2, T0).id();
    addStatus(a);
    addStatus(b);
    int cleared = store.write(r -> r.snapshots().clearStatus("App", "Passed QA"));
    assertThat(cleared).isEqualTo(2);
    assertThat(find(a).orElseThrow().statuses()).isEmpty();
  }

  @Test
  void aVersionInASnapshotIsInUseAndOneInNoneIsDeletedWithItsLinks() {
    create("release-1", v1, T0);
    Optional<String> inUse = read(r -> r.versions().inUse(v1));
    assertThat(inUse).contains("snapshot 'release-1' of application 'App' holds it");
    store.write(
        r -> {
          r.versions().setLink(v2, "build", "https://ci/1");
          r.versions().setLink(v2, "build", "https://ci/2");
          return null;
        });
    Map<String, String> links = read(r -> r.versions().find(v2).orElseThrow().links());
    assertThat(links).containsExactly(Map.entry("build", "https://ci/2"));
    Optional<String> free = read(r -> r.versions().inUse(v2));
    assertThat(free).isEmpty();
    store.write(
        r -> {
          r.versions().delete(v2);
          return null;
        });
    Optional<?> gone = read(r -> r.versions().find(v2));
    assertThat(gone).isEmpty();
  }
}
