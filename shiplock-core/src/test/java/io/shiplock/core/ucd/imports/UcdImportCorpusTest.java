package io.shiplock.core.ucd.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shiplock.core.config.Change;
import io.shiplock.core.config.Plan;
import io.shiplock.core.config.Planner;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.RoleSpec;
import io.shiplock.core.steps.StepCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The UCD export corpus under src/test/resources/ucd. Each valid/ export (one file, or a directory
 * of files imported together) imports to exactly the YAML of its .expected.yaml, which plans on a
 * server that holds only the approvers' role; importing it again gives the same text. Each invalid/
 * export is refused with exactly the problems of its .expected file, each with the JSON path. Set
 * -Dshiplock.ucd.regen=true to rewrite the golden files after a deliberate change.
 */
class UcdImportCorpusTest {
  private static final Path CORPUS = Path.of("src/test/resources/ucd");
  private static final boolean REGEN = Boolean.getBoolean("shiplock.ucd.regen");
  private final Planner planner = new Planner(StepCatalog.discover());

  static Stream<Path> valid() throws IOException {
    return list("valid").filter(p -> !p.toString().endsWith(".yaml"));
  }

  static Stream<Path> invalid() throws IOException {
    return list("invalid").filter(p -> !p.toString().endsWith(".expected"));
  }

  private static Stream<Path> list(String dir) throws IOException {
    try (Stream<Path> files = Files.list(CORPUS.resolve(dir))) {
      return files.sorted().toList().stream();
    }
  }

  static List<SourceFile> load(Path p) throws IOException {
    List<Path> paths = new ArrayList<>();
    if (Files.isDirectory(p)) {
      try (Stream<Path> s = Files.list(p)) {
        s.sorted().forEach(paths::add);
      }
    } else {
      paths.add(p);
    }
    List<SourceFile> out = new ArrayList<>();
    for (Path f : paths) {
      // As the CLI and the server read them: UTF-8, or refused with the file's name.
      out.add(UcdImporter.source(f.getFileName().toString(), Files.readAllBytes(f)));
    }
    return out;
  }

  static String text(UcdImport imported) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> f : imported.files().entrySet()) {
      sb.append("# ").append(f.getKey()).append('\n').append(f.getValue());
    }
    imported.notes().forEach(n -> sb.append("# note: ").append(n).append('\n'));
    imported.skipped().forEach(n -> sb.append("# skipped: ").append(n).append('\n'));
    return sb.toString();
  }

  @ParameterizedTest
  @MethodSource("valid")
  void validExportsImportToTheExpectedConfigurationWhichPlans(Path export) throws IOException {
    boolean skip = export.getFileName().toString().contains("skip-unmapped");
    UcdImport imported = UcdImporter.convert(load(export), skip, key -> false);
    String text = text(imported);
    Path golden = Path.of(export.toString().replaceAll("\\.json$", "") + ".expected.yaml");
    if (REGEN) Files.writeString(golden, text);
    assertThat(text).isEqualTo(Files.readString(golden));
    assertThat(text(UcdImporter.convert(load(export), skip, key -> false)))
        .as("a second import gives the same configuration")
        .isEqualTo(text);

    List<SourceFile> yaml =
        imported.files().entrySet().stream()
            .map(e -> new SourceFile(e.getKey(), e.getValue()))
            .toList();
    List<ConfigObject> server =
        List.of(
            new RoleSpec("release-managers", null, Set.of(Permission.VIEW, Permission.APPROVE)));
    Plan plan = planner.plan(yaml, server, false);
    assertThat(plan.changes()).isNotEmpty().allMatch(c -> c.action() == Change.Action.CREATE);
    assertThat(plan.changes()).hasSize(imported.objects().size());
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void brokenExportsAreRefusedWithTheJsonPathOfEachProblem(Path export) throws IOException {
    Path expectedFile = Path.of(export.toString().replaceAll("\\.json$", "") + ".expected");
    UcdImportException e =
        catchThrowableOfType(
            UcdImportException.class, () -> UcdImporter.convert(load(export), false, key -> false));
    assertThat(e).as("%s must be refused", export).isNotNull();
    List<String> got = e.problems().stream().map(ImportProblem::toString).toList();
    if (REGEN) Files.write(expectedFile, got);
    List<String> expected =
        Files.readAllLines(expectedFile).stream().filter(l -> !l.isBlank()).toList();
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
  }
}
