package io.shiplock.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.steps.StepCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private final Planner planner = new Planner(StepCatalog.discover());
  private final List<SourceFile> example =
      SourceFiles.load(Path.of("../examples/continuous-test-services"));

  private List<ConfigObject> objects(List<SourceFile> files) {
    return planner.plan(files, List.of(), false).toSave();
  }

  @Test
  void exportedYamlReadsBackToTheSameObjects() {
    List<ConfigObject> first = objects(example);
    String yaml = ConfigWriter.toYaml(first);
    List<ConfigObject> second = objects(List.of(new SourceFile("export.yaml", yaml)));
    assertThat(second).isEqualTo(first);
    assertThat(ConfigWriter.toYaml(second)).isEqualTo(yaml);
  }

  @Test
  void planningTheSameStateAgainChangesNothing() {
    List<ConfigObject> state = objects(example);
    assertThat(planner.plan(example, state, false).changes()).isEmpty();
    assertThat(planner.plan(example, state, true).changes()).isEmpty();
  }

  @Test
  void objectsMissingFromTheFilesAreKeptUnlessPruned() {
    List<ConfigObject> state = objects(example);
    List<SourceFile> onlyStatuses =
        example.stream().filter(f -> f.name().equals("statuses.yaml")).toList();
    assertThat(planner.plan(onlyStatuses, state, false).changes()).isEmpty();
    Plan pruned = planner.plan(onlyStatuses, state, true);
    assertThat(pruned.changes())
        .allMatch(c -> c.action() == Change.Action.DELETE)
        .extracting(c -> c.key().kind())
        .contains(Kind.AGENT, Kind.COMPONENT, Kind.APPLICATION, Kind.ENVIRONMENT);
  }

  @Test
  void anUpdateNamesTheFieldsThatChange() {
    List<ConfigObject> state = objects(example);
    String app =
        """
        kind: Application
        name: ContinuousTestServices
        description: changed
        components: [SimpleTopologyService]
        """;
    Plan plan = planner.plan(List.of(new SourceFile("app.yaml", app)), state, false);
    assertThat(plan.changes()).hasSize(1);
    Change c = plan.changes().get(0);
    assertThat(c.action()).isEqualTo(Change.Action.UPDATE);
    assertThat(c.fields()).containsExactly("description", "processes");
  }

  @Test
  void aKeptObjectThatWouldBreakIsReported() {
    List<ConfigObject> state = objects(example);
    String component =
        """
        kind: Component
        name: SimpleTopologyService
        environmentProperties: [{name: imageId}, {name: containerId}]
        """;
    assertThatThrownBy(
            () -> planner.plan(List.of(new SourceFile("c.yaml", component)), state, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server:Application/ContinuousTestServices")
        .hasMessageContaining("component 'SimpleTopologyService' has no process named 'build'");
  }

  @Test
  void secureValuesLeftOutOfTheFilesAreKept() {
    var existing =
        new ApplicationSpec(
            "App", null, List.of(), Map.of("token", PropertyValue.secret("s3cret")), List.of());
    String yaml =
        """
        kind: Application
        name: App
        properties:
          token: {secure: true}
        """;
    Plan plan = planner.plan(List.of(new SourceFile("a.yaml", yaml)), List.of(existing), false);
    assertThat(plan.changes()).isEmpty();
    String changed = yaml.replace("{secure: true}", "{secure: true, value: other}");
    Plan update =
        planner.plan(List.of(new SourceFile("a.yaml", changed)), List.of(existing), false);
    assertThat(update.changes())
        .singleElement()
        .satisfies(ch -> assertThat(ch.fields()).containsExactly("secure properties"));
    assertThat(update.toSave().get(0).key()).isEqualTo(ObjectKey.of(Kind.APPLICATION, "App"));
  }

  @Test
  void aPropertyBareInAShellScriptOrInAnotherLanguageIsAWarningWithItsLine() {
    String yaml =
        """
        kind: Component
        name: Svc
        processes:
          - name: p
            steps:
              - name: quoted
                type: shell
                with: {script: 'echo "${p:who}"'}
              - name: bare
                type: shell
                with: {script: 'rm -rf ${p:dir}/cache'}
              - name: python
                type: shell
                with: {interpreter: python3, script: 'print("${p:who}")'}
        """;
    List<Problem> warnings =
        planner.plan(List.of(new SourceFile("svc.yaml", yaml)), List.of(), false).warnings();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0).toString())
        .startsWith("svc.yaml:11:")
        .contains("processes[0].steps[1].with")
        .contains("${p:dir} stands unquoted");
    assertThat(warnings.get(1).toString())
        .startsWith("svc.yaml:14:")
        .contains("not a shell")
        .contains("'env'");
  }

  @Test
  void aSwitchWithItsValueEdgesReadsBackFromItsExport() {
    String yaml =
        """
        kind: Component
        name: Switches
        processes:
          - name: deploy
            steps:
              - {name: pick, type: switch, with: {value: "${p:tier}"}, onValue: {gold: [a], silver: [b, c]}}
              - {name: a, type: shell, with: {script: a}}
              - {name: b, type: shell, with: {script: b}}
              - {name: c, type: shell, with: {script: c}}
        """;
    List<ConfigObject> first = objects(List.of(new SourceFile("s.yaml", yaml)));
    String export = ConfigWriter.toYaml(first);
    assertThat(export).contains("onValue:").contains("silver:");
    assertThat(objects(List.of(new SourceFile("export.yaml", export)))).isEqualTo(first);
  }

  @Test
  void anEnvironmentsConcurrencyIsExportedAndAChangeToItIsPlanned() {
    String yaml =
        """
        kind: Application
        name: App
        ---
        kind: Environment
        application: App
        name: Prod
        concurrency: 1
        """;
    List<ConfigObject> first = objects(List.of(new SourceFile("e.yaml", yaml)));
    assertThat(first)
        .filteredOn(o -> o instanceof EnvironmentSpec)
        .singleElement()
        .extracting(o -> ((EnvironmentSpec) o).concurrency())
        .isEqualTo(1);
    String export = ConfigWriter.toYaml(first);
    assertThat(export).contains("concurrency: 1");
    assertThat(objects(List.of(new SourceFile("export.yaml", export)))).isEqualTo(first);
    Plan raised =
        planner.plan(
            List.of(new SourceFile("e.yaml", yaml.replace("concurrency: 1", "concurrency: 2"))),
            first,
            false);
    assertThat(raised.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.action()).isEqualTo(Change.Action.UPDATE));
    Plan unlimited =
        planner.plan(
            List.of(new SourceFile("e.yaml", yaml.replace("concurrency: 1\n", ""))), first, false);
    assertThat(unlimited.changes()).hasSize(1);
    assertThat(ConfigWriter.toYaml(unlimited.toSave())).doesNotContain("concurrency");
  }
}
