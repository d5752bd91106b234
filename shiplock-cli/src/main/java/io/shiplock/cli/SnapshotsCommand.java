package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "snapshots",
    mixinStandardHelpOptions = true,
    description =
        "Snapshots: named, immutable sets of component versions of an application. A request"
            + " deploys one with 'shiplock request … --snapshot NAME'.",
    subcommands = {
      SnapshotsCommand.Create.class,
      SnapshotsCommand.ListSnapshots.class,
      SnapshotsCommand.Show.class,
      SnapshotStatusCommand.class
    })
final class SnapshotsCommand {
  private static final List<Output.Column> COLUMNS =
      List.of(
          new Output.Column("NAME", n -> n.path("name").asText()),
          new Output.Column(
              "VERSIONS",
              n -> {
                StringBuilder b = new StringBuilder();
                for (var v : n.path("versions")) {
                  if (!b.isEmpty()) b.append(", ");
                  b.append(v.path("component").asText())
                      .append(' ')
                      .append(v.path("version").asText());
                }
                return b.toString();
              }),
          new Output.Column("STATUSES", n -> String.join(",", texts(n.path("statuses")))),
          new Output.Column("CREATED", n -> n.path("createdAt").asText()),
          new Output.Column("BY", n -> n.path("createdBy").asText("")));

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asText()));
    return out;
  }

  static String base(String app) {
    return "/api/v1/applications/" + ApiClient.segment(app) + "/snapshots";
  }

  @Command(
      name = "create",
      // No standard -V/--version here: --version names component versions.
      description =
          "Creates a snapshot from chosen versions (--version C:V, repeatable) or from what an"
              + " environment runs now (--from-env E).")
  static final class Create implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--app", required = true, description = "The application.")
    String app;

    @Option(names = "--name", required = true, description = "The snapshot's name.")
    String name;

    @Option(names = "--description", description = "A description.")
    String description;

    static final class From {
      @Option(
          names = "--version",
          paramLabel = "COMPONENT:VERSION",
          description = "A component's version (repeatable).")
      List<String> versions;

      @Option(
          names = "--from-env",
          paramLabel = "ENV",
          description = "The versions this environment runs.")
      String environment;
    }

    @ArgGroup(multiplicity = "1")
    From from;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      if (description != null) body.put("description", description);
      if (from.environment != null) body.put("fromEnvironment", from.environment);
      else
        body.put(
            "versions", RequestCommand.pairs(from.versions, ":", "--version COMPONENT:VERSION"));
      var s = client.client().post(base(app), body);
      System.out.println(
          "created snapshot "
              + s.path("name").asText()
              + " of "
              + app
              + ": "
              + COLUMNS.get(1).value().apply(s));
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "An application's snapshots, newest first.")
  static final class ListSnapshots implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--app", required = true, description = "The application.")
    String app;

    @Option(
        names = {"-o", "--output"},
        description = "table, json or yaml.")
    Output.Format format = Output.Format.table;

    @Override
    public Integer call() {
      Output.print(
          new PrintWriter(System.out, false, System.out.charset()),
          client.client().get(base(app)),
          format,
          COLUMNS);
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "One snapshot with its versions.")
  static final class Show implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--app", required = true, description = "The application.")
    String app;

    @Option(names = "--name", required = true, description = "The snapshot.")
    String name;

    @Option(
        names = {"-o", "--output"},
        description = "table, json or yaml (default: yaml).")
    Output.Format format = Output.Format.yaml;

    @Override
    public Integer call() {
      Output.print(
          new PrintWriter(System.out, false, System.out.charset()),
          client.client().get(base(app) + "/" + ApiClient.segment(name)),
          format,
          COLUMNS);
      return 0;
    }
  }
}
