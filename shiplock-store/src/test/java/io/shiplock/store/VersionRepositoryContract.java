package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Conflict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class VersionRepositoryContract extends StoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String C = "SimpleTopologyService";

  @BeforeEach
  void example() {
    write(r -> Examples.objects().forEach(r.config()::save));
  }

  private ComponentVersion create(String name, Instant at) {
    return store.write(
        r ->
            r.versions()
                .create(
                    C,
                    name,
                    "commit " + name,
                    Map.of("sha", PropertyValue.plain(name)),
                    "alice",
                    at));
  }

  private List<ComponentVersion> list(int limit) {
    return read(r -> r.versions().list(C, limit));
  }

  private ComponentVersion find(String name) {
    return read(r -> r.versions().find(C, name)).orElseThrow();
  }

  private boolean addStatus(long id, String status) {
    return store.write(r -> r.versions().addStatus(id, status, "ci", T0));
  }

  @Test
  void versionsAreCreatedOnceAndListedNewestFirst() {
    create("a1", T0);
    create("b2", T0.plusSeconds(60));
    create("c3", T0.plusSeconds(120));
    assertThat(list(10)).extracting(ComponentVersion::name).containsExactly("c3", "b2", "a1");
    assertThat(list(2)).hasSize(2);
    ComponentVersion v = find("b2");
    assertThat(v.properties()).containsEntry("sha", PropertyValue.plain("b2"));
    assertThat(v.createdAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(v.createdBy()).isEqualTo("alice");
    assertThatThrownBy(() -> create("b2", T0))
        .isInstanceOf(Conflict.class)
        .hasMessageContaining("already has a version named 'b2'");
  }

  @Test
  void manyVersionsReadAtOnceAreTheSameAsOneByOne() {
    long a = create("a1", T0).id();
    long b = create("b2", T0.plusSeconds(60)).id();
    long c = create("c3", T0.plusSeconds(120)).id();
    addStatus(a, "FunctionalRegressionPassed");
    addStatus(c, "FunctionalRegressionFailed");
    addStatus(c, "FunctionalRegressionPassed");
    List<ComponentVersion> one = List.of(find("a1"), find("b2"), find("c3"));
    List<ComponentVersion> batch = read(r -> r.versions().findAll(List.of(c, a, b, 999_999L)));
    assertThat(batch).isEqualTo(one);
    assertThat(list(10)).isEqualTo(one.reversed());
    List<ComponentVersion> none = read(r -> r.versions().findAll(List.of()));
    assertThat(none).isEmpty();
    assertThat(find("c3").statuses())
        .containsExactly("FunctionalRegressionFailed", "FunctionalRegressionPassed");
  }

  /** One property is set (added or replaced) without touching the others. */
  @Test
  void aPropertyIsSetAmongTheOthers() {
    long id = create("p1", T0).id();
    write(r -> r.versions().setProperty(id, "a", PropertyValue.plain("1")));
    write(r -> r.versions().setProperty(id, "b", PropertyValue.secret("enc:x")));
    write(r -> r.versions().setProperty(id, "a", PropertyValue.plain("2")));
    Map<String, PropertyValue> props = read(r -> r.versions().find(id)).orElseThrow().properties();
    // The property the version was created with stays.
    assertThat(props)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "sha",
                PropertyValue.plain("p1"),
                "a",
                PropertyValue.plain("2"),
                "b",
                PropertyValue.secret("enc:x")));
  }

  @Test
  void statusesAreAddedOnceRemovedAndCleared() {
    long a = create("a1", T0).id();
    long b = create("b2", T0).id();
    assertThat(addStatus(a, "FunctionalRegressionPassed")).isTrue();
    assertThat(addStatus(a, "FunctionalRegressionPassed")).isFalse();
    addStatus(b, "FunctionalRegressionPassed");
    assertThat(find("a1").statuses()).containsExactly("FunctionalRegressionPassed");
    boolean removed = store.write(r -> r.versions().removeStatus(a, "FunctionalRegressionPassed"));
    assertThat(removed).isTrue();
    assertThat(find("a1").statuses()).isEmpty();
    int cleared = store.write(r -> r.versions().clearStatus(C, "FunctionalRegressionPassed"));
    assertThat(cleared).isEqualTo(1);
    assertThatThrownBy(() -> addStatus(a, "Nope")).isInstanceOf(Conflict.class);
  }

  @Test
  void aVersionOfAnUnknownComponentIsRefused() {
    assertThatThrownBy(
            () -> store.write(r -> r.versions().create("Nope", "1", null, Map.of(), "a", T0)))
        .isInstanceOf(Conflict.class)
        .hasMessageContaining("no component named 'Nope'");
  }
}
