package io.shiplock.cli;

import io.shiplock.core.config.SourceFile;
import io.shiplock.core.ucd.imports.ImportProblem;
import io.shiplock.core.ucd.imports.UcdImport;
import io.shiplock.core.ucd.imports.UcdImportException;
import io.shiplock.core.ucd.imports.UcdImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shiplock import ucd}: UCD exports to configuration files, with no server needed. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Turns other tools' exports into Shiplock configuration.",
    subcommands = {ImportCommand.Ucd.class})
final class ImportCommand implements Runnable {
  @Override
  public void run() {
    throw new CliException("name what to import: shiplock import ucd FILE…");
  }

  @Command(
      name = "ucd",
      mixinStandardHelpOptions = true,
      description = {
        "Turns UrbanCode Deploy application, component and component-template exports (JSON, one"
            + " object or an array per file) into YAML that 'shiplock apply' takes.",
        "Statuses and agents the export refers to are written too: leave out the ones your server"
            + " already defines. A plugin step with no Shiplock equivalent fails the import with"
            + " its JSON path unless --skip-unmapped is given.",
        "Example: shiplock import ucd JPetStore.json -o config/ && shiplock apply -f config/"
      })
  static final class Ucd implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "UCD export files")
    List<Path> files;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "DIR",
        description = "Write one YAML file per application (and shared.yaml) here; default: print")
    Path output;

    @Option(
        names = "--skip-unmapped",
        description = "Leave out plugin steps Shiplock has no step for (each is listed)")
    boolean skipUnmapped;

    @Override
    public Integer call() throws IOException {
      List<SourceFile> sources = new ArrayList<>();
      UcdImport imported;
      try {
        for (Path p : files) {
          if (!Files.isRegularFile(p)) throw new CliException("no such file: " + p);
          sources.add(UcdImporter.source(p.toString(), Files.readAllBytes(p)));
        }
        imported = UcdImporter.convert(sources, skipUnmapped, key -> false);
      } catch (UcdImportException e) {
        throw new CliException(
            "the UCD export cannot be imported ("
                + e.problems().size()
                + (e.problems().size() == 1 ? " problem" : " problems")
                + (skipUnmapped
                    ? ""
                    : "; --skip-unmapped leaves out steps Shiplock has no step for")
                + ")",
            e.problems().stream().map(ImportProblem::toString).toList());
      }
      Map<String, String> out = imported.files();
      if (output == null) {
        System.out.print(
            String.join(
                "---\n",
                out.entrySet().stream()
                    .map(e -> "# " + e.getKey() + "\n" + e.getValue())
                    .toList()));
      } else {
        Files.createDirectories(output);
        out.forEach((name, yaml) -> write(output.resolve(name), yaml));
        out.keySet().forEach(n -> System.err.println("wrote " + output.resolve(n)));
      }
      imported.skipped().forEach(s -> System.err.println("left out: " + s));
      imported.notes().forEach(n -> System.err.println("note: " + n));
      return 0;
    }

    private static void write(Path file, String text) {
      try {
        Files.writeString(file, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
