package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.config.SourceFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code apply} and {@code plan}: the same request, one writes and one only reports. */
abstract class ApplyCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "PATH",
      description = "A YAML/JSON file or a directory of them (read recursively).")
  List<Path> paths;

  @Option(names = "--prune", description = "Delete objects that the files no longer describe.")
  boolean prune;

  @Option(
      names = {"-o", "--output"},
      description = "text or json (default: ${DEFAULT-VALUE}).",
      defaultValue = "text")
  String format;

  abstract String path();

  @Override
  public Integer call() {
    List<SourceFile> files;
    try {
      files = paths.stream().flatMap(p -> SourceFiles.load(p).stream()).toList();
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    JsonNode result =
        client
            .client()
            .post(
                path(),
                Map.of(
                    "files",
                    files.stream()
                        .map(f -> Map.of("name", f.name(), "content", f.content()))
                        .toList(),
                    "prune",
                    prune));
    if (format.equals("json")) {
      System.out.println(Output.json(result));
      return 0;
    }
    for (JsonNode c : result.get("changes")) System.out.println(c.get("text").asText());
    for (JsonNode w : result.path("warnings"))
      System.err.println("warning: " + w.get("text").asText());
    String summary = result.get("summary").asText();
    if (this instanceof Plan) {
      System.out.println("Plan: " + summary + ".");
    } else {
      System.out.println(
          result.get("applied").asBoolean()
              ? "Applied: " + summary + " (revision " + result.get("revision").asLong() + ")."
              : "No changes.");
    }
    return 0;
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description =
          "Applies configuration files: all of them or, on any problem, nothing. A second apply of the same files reports no changes.")
  static final class Apply extends ApplyCommand {
    @Override
    String path() {
      return "/api/v1/config/apply";
    }
  }

  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      description = "Shows what apply would create, update or delete; changes nothing.")
  static final class Plan extends ApplyCommand {
    @Override
    String path() {
      return "/api/v1/config/plan";
    }
  }
}
