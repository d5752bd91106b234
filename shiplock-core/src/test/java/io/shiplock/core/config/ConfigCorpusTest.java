package io.shiplock.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shiplock.core.steps.StepCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus under src/test/resources/config: every valid/ file plans cleanly on an empty server
 * (and is applied and run by CorpusRunTest in shiplock-cli); every invalid/ file is refused with
 * exactly the problems listed in its .expected file.
 */
class ConfigCorpusTest {
  private static final Path CORPUS = Path.of("src/test/resources/config");
  private final Planner planner = new Planner(StepCatalog.discover());

  /** The documents; each has a .run file beside it that CorpusRunTest (shiplock-cli) follows. */
  static Stream<Path> valid() throws IOException {
    return files("valid").filter(p -> !p.toString().endsWith(".run"));
  }

  static Stream<Path> invalid() throws IOException {
    return files("invalid").filter(p -> !p.toString().endsWith(".expected"));
  }

  private static Stream<Path> files(String dir) throws IOException {
    try (Stream<Path> files = Files.list(CORPUS.resolve(dir))) {
      return files.sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("valid")
  void validFilesPlanWithoutProblems(Path file) {
    Plan plan = planner.plan(SourceFiles.load(file), List.of(), false);
    assertThat(plan.changes()).isNotEmpty().allMatch(c -> c.action() == Change.Action.CREATE);
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidFilesReportEveryProblemWithItsLocation(Path file) throws IOException {
    Path expectedFile = Path.of(file.toString().replaceAll("\\.ya?ml$", ".expected"));
    List<String> expected =
        Files.readAllLines(expectedFile).stream().filter(l -> !l.isBlank()).toList();
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> planner.plan(SourceFiles.load(file), List.of(), false));
    assertThat(e).as("%s must be refused", file).isNotNull();
    assertThat(e.problems().stream().map(Problem::toString))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theExamplePipelineIsValid() {
    Plan plan =
        planner.plan(
            SourceFiles.load(Path.of("../examples/continuous-test-services")), List.of(), false);
    assertThat(plan.changes().stream().map(c -> c.key().toString()))
        .contains(
            "Application ContinuousTestServices",
            "Component SimpleTopologyService",
            "Environment ContinuousTestServices/Public DockerHub",
            "Status FunctionalRegressionPassed",
            "Status Hosted");
    assertThat(plan.changes()).hasSize(19);
  }

  @Test
  void aHugeFileIsRefusedWithoutBeingRead() {
    String huge = "kind: Agent\nname: a\ndescription: " + "x".repeat(ConfigReader.MAX_FILE_CHARS);
    assertThatThrownBy(
            () -> planner.plan(List.of(new SourceFile("huge.yaml", huge)), List.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("huge.yaml:1:1")
        .hasMessageContaining("larger than 8 MiB");
  }
}
