package io.shiplock.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.SnapshotSpec;
import io.shiplock.core.steps.StepCatalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Snapshot documents planned against a server given as plain data. */
class SnapshotPlannerTest {
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
        Api: 2.10
      """;

  private static final SnapshotSpec STORED =
      new SnapshotSpec("Shop", "rel-1", "first release", Map.of("Web", "1.0", "Api", "2.10"));

  private final Planner planner = new Planner(StepCatalog.discover());
  private final List<ConfigObject> shop = planner.plan(files(SHOP), List.of(), false).toSave();

  /** A server holding these snapshots and versions ("component version"). */
  private record Server(List<SnapshotSpec> snapshots, Set<String> versions)
      implements SnapshotState {
    @Override
    public Optional<SnapshotSpec> snapshot(String application, String name) {
      return snapshots.stream()
          .filter(s -> s.application().equals(application) && s.name().equals(name))
          .findFirst();
    }

    @Override
    public boolean versionExists(String component, String version) {
      return versions.contains(component + " " + version);
    }
  }

  private static final Server VERSIONS = new Server(List.of(), Set.of("Web 1.0", "Api 2.10"));

  private static List<SourceFile> files(String yaml) {
    return List.of(new SourceFile("s.yaml", yaml));
  }

  private Plan plan(String yaml, Server server) {
    return planner.plan(files(yaml), shop, false, u -> true, server);
  }

  @Test
  void aNewSnapshotIsCreatedAndReportedAsAChange() {
    Plan plan = plan(REL_1, VERSIONS);
    assertThat(plan.changes())
        .extracting(Change::toString)
        .containsExactly("+ create Snapshot Shop/rel-1");
    assertThat(plan.toCreate()).containsExactly(STORED);
    assertThat(plan.toSave()).isEmpty();
    assertThat(plan.summary()).isEqualTo("1 to create, 0 to update, 0 to delete");
  }

  @Test
  void oneThatExistsAsWrittenIsNoChangeEvenOnceItsComponentLeftTheApplication() {
    Server server = new Server(List.of(STORED), VERSIONS.versions());
    assertThat(plan(REL_1, server).isEmpty()).isTrue();
    // History stays history: Api left Shop since, and its snapshot still applies back unchanged.
    String webOnly = SHOP.replace("[Web, Api]", "[Web]") + "---\n" + REL_1;
    Plan plan = planner.plan(files(webOnly), shop, false, u -> true, server);
    assertThat(plan.toCreate()).isEmpty();
    assertThat(plan.changes())
        .extracting(Change::toString)
        .containsExactly("~ update Application Shop (components)");
  }

  @Test
  void oneThatExistsWithOtherVersionsOrDescriptionIsRefused() {
    Server server = new Server(List.of(STORED), Set.of("Web 1.0", "Web 1.1", "Api 2.10"));
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> plan(REL_1.replace("\"1.0\"", "\"1.1\""), server));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "s.yaml:1:1: versions: snapshot 'rel-1' of application 'Shop' exists with other"
                + " versions (Web '1.0', not '1.1'); snapshots never change: give this one a new"
                + " name");
    e =
        catchThrowableOfType(
            ConfigException.class, () -> plan(REL_1.replace("first", "second"), server));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "s.yaml:1:1: description: snapshot 'rel-1' of application 'Shop' exists with another"
                + " description; snapshots never change: give this one a new name");
  }

  @Test
  void aMissingVersionIsRefusedWhereItIsWritten() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> plan(REL_1, new Server(List.of(), Set.of("Web 1.0"))));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly("s.yaml:7:8: versions.Api: component 'Api' has no version '2.10'");
  }

  @Test
  void pruneNeverDeletesSnapshots() {
    Server server = new Server(List.of(STORED), VERSIONS.versions());
    Plan plan = planner.plan(files(SHOP), shop, true, u -> true, server);
    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void exportedSnapshotsReadBackToTheSameSnapshots() {
    String yaml = ConfigWriter.toYaml(shop, List.of(STORED));
    assertThat(yaml).contains("kind: Snapshot").contains("Api: \"2.10\"");
    Plan plan = planner.plan(files(yaml), List.of(), false, u -> true, VERSIONS);
    assertThat(plan.toCreate()).containsExactly(STORED);
    assertThat(ConfigWriter.toYaml(plan.toSave(), plan.toCreate())).isEqualTo(yaml);
  }
}
