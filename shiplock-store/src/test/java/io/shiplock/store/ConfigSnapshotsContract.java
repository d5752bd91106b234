package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shiplock.core.config.Change;
import io.shiplock.core.config.ConfigException;
import io.shiplock.core.config.Plan;
import io.shiplock.core.config.Planner;
import io.shiplock.core.config.Problem;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.service.ConfigService;
import io.shiplock.core.steps.StepCatalog;
import io.shiplock.core.store.SnapshotRepository.Snapshot;
import io.shiplock.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Snapshots in configuration as code on a real store: created, kept, exported, applied back. */
abstract class ConfigSnapshotsContract extends StoreContract {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String SHOP =
      """
      kind: Component
      name: Web
      ---
      kind: Component
      name: Api
      ---
      kind: Application
      name: Shop
      components: [Web, Api]
      """;
  private static final String REL_1 =
      """
      kind: Snapshot
      application: Shop
      name: rel-1
      description: first release
      versions:
        Web: "1.0"
        Api: "2.0"
      """;

  private final SecretBox secrets = new SecretBox(List.of(SecretBox.newKey()));
  private ConfigService service;

  @BeforeEach
  void shop() {
    service = serviceOn(store);
    service.apply(files(SHOP), false);
    versions(store);
  }

  private ConfigService serviceOn(Store s) {
    return new ConfigService(
        s, new Planner(StepCatalog.discover()), secrets, Clock.fixed(T0, ZoneOffset.UTC));
  }

  private static void versions(Store s) {
    s.write(
        r -> {
          for (String v : List.of("1.0", "1.1"))
            r.versions().create("Web", v, null, Map.of(), "ci", T0);
          return r.versions().create("Api", "2.0", null, Map.of(), "ci", T0);
        });
  }

  private static List<SourceFile> files(String... yaml) {
    return List.of(new SourceFile("shop.yaml", String.join("---\n", yaml)));
  }

  @Test
  void applyCreatesTheSnapshotInItsTransactionAndThenSeesNoChange() {
    Plan plan = service.apply(files(SHOP, REL_1), false, "rita", (r, p) -> {});
    assertThat(plan.changes())
        .extracting(Change::toString)
        .containsExactly("+ create Snapshot Shop/rel-1");
    Snapshot s = read(r -> r.snapshots().find("Shop", "rel-1")).orElseThrow();
    assertThat(s.versions())
        .extracting(e -> e.component() + " " + e.version())
        .containsExactly("Api 2.0", "Web 1.0");
    assertThat(s.description()).isEqualTo("first release");
    assertThat(s.createdBy()).isEqualTo("rita");
    assertThat(s.createdAt()).isEqualTo(T0);
    assertThat(service.apply(files(SHOP, REL_1), false).isEmpty()).isTrue();
    assertThat(service.apply(files(SHOP), true).isEmpty()).as("--prune keeps snapshots").isTrue();
    Optional<Snapshot> kept = read(r -> r.snapshots().find("Shop", "rel-1"));
    assertThat(kept).isPresent();
  }

  @Test
  void exportAppliesBackToTheSameStoreAsNoChange() {
    service.apply(files(SHOP, REL_1), false);
    write(
        r ->
            r.snapshots()
                .addStatus(
                    r.snapshots().find("Shop", "rel-1").orElseThrow().id(),
                    "Approved",
                    "rita",
                    T0));
    String exported = service.export();
    assertThat(exported)
        .contains("kind: Snapshot")
        .contains("Web: \"1.0\"")
        .doesNotContain("Approved");
    assertThat(service.apply(List.of(new SourceFile("export.yaml", exported)), false).isEmpty())
        .isTrue();
  }

  @Test
  void exportAppliesToAnEmptyStoreWithTheSameVersionsAsTheSameSnapshots() {
    service.apply(files(SHOP, REL_1), false);
    String exported = service.export();
    try (Store empty = JdbcStore.open(TestDatabases.of(dialect()))) {
      ConfigService other = serviceOn(empty);
      other.apply(files(SHOP), false);
      versions(empty);
      Plan plan = other.apply(List.of(new SourceFile("export.yaml", exported)), false);
      assertThat(plan.changes())
          .extracting(Change::toString)
          .containsExactly("+ create Snapshot Shop/rel-1");
      assertThat(other.export()).isEqualTo(exported);
    }
  }

  @Test
  void changedVersionsAreRefusedAndNothingChanges() {
    service.apply(files(SHOP, REL_1), false);
    String before = service.export();
    long revision = service.revision();
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                service.apply(
                    files(
                        SHOP.replace("name: Api", "name: Api\ndescription: new"),
                        REL_1.replace("\"1.0\"", "\"1.1\"")),
                    false));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "shop.yaml:12:1: versions: snapshot 'rel-1' of application 'Shop' exists with other"
                + " versions (Web '1.0', not '1.1'); snapshots never change: give this one a new"
                + " name");
    assertThat(service.export()).isEqualTo(before);
    assertThat(service.revision()).isEqualTo(revision);
  }

  @Test
  void aMissingVersionIsRefusedWithItsPlaceAndNothingIsCreated() {
    String rel2 = REL_1.replace("rel-1", "rel-2").replace("\"2.0\"", "\"9.9\"");
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> service.apply(files(SHOP, REL_1, rel2), false));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly("shop.yaml:25:8: versions.Api: component 'Api' has no version '9.9'");
    List<Snapshot> none = read(r -> r.snapshots().list("Shop", 10));
    assertThat(none).isEmpty();
  }
}
