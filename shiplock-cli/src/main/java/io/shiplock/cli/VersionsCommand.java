package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.artifacts.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "versions",
    mixinStandardHelpOptions = true,
    description = "Component versions (list them with 'shiplock get versions --component C').",
    subcommands = {
      VersionsCommand.Create.class,
      VersionsCommand.Import.class,
      VersionsCommand.Status.class
    })
final class VersionsCommand {
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Creates a version of a component, with the files of a directory (--from) as its"
              + " artifacts. Only contents the server does not have yet are uploaded.")
  static final class Create implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--component", required = true, description = "The component.")
    String component;

    @Option(
        names = "--name",
        required = true,
        description = "The version's name, e.g. 1.4.2 or a commit id.")
    String name;

    @Option(names = "--description", description = "A description.")
    String description;

    @Option(
        names = "--property",
        paramLabel = "NAME=VALUE",
        description = "A version property (repeatable).")
    List<String> properties = List.of();

    @Option(
        names = "--from",
        paramLabel = "DIR",
        description = "A directory whose files become the version's artifacts (.git is skipped).")
    Path from;

    @Override
    public Integer call() throws IOException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      if (from != null) body.put("files", upload(client.client(), from));
      if (description != null) body.put("description", description);
      body.put("properties", RequestCommand.pairs(properties, "=", "--property NAME=VALUE"));
      client
          .client()
          .post("/api/v1/components/" + ApiClient.segment(component) + "/versions", body);
      System.out.println("created " + component + " " + name);
      return 0;
    }

    /** Hashes the directory, uploads the contents the server lacks, returns the file list. */
    static List<Map<String, Object>> upload(ApiClient api, Path dir) throws IOException {
      if (!Files.isDirectory(dir)) throw new CliException("--from " + dir + " is not a directory");
      var found = FileTree.scan(dir);
      List<String> digests = found.stream().map(f -> f.entry().digest()).distinct().toList();
      var missing = new HashSet<String>();
      api.post("/api/v1/blobs/missing", Map.of("digests", digests))
          .path("missing")
          .forEach(d -> missing.add(d.asText()));
      long bytes = 0;
      for (var f : found) {
        if (missing.remove(f.entry().digest())) {
          api.putBlob(f.entry().digest(), f.file());
          bytes += f.entry().size();
        }
      }
      System.err.printf(
          "%d files from %s; uploaded %d bytes of new content%n", found.size(), dir, bytes);
      List<Map<String, Object>> files = new ArrayList<>();
      for (var f : found) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", f.entry().path());
        m.put("digest", f.entry().digest());
        m.put("size", f.entry().size());
        m.put("executable", f.entry().executable());
        files.add(m);
      }
      return files;
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Imports new commits or registry tags from the component's sources now (as a push webhook or a poll would).")
  static final class Import implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--component", required = true, description = "The component.")
    String component;

    @Override
    public Integer call() {
      var result =
          client
              .client()
              .post("/api/v1/components/" + ApiClient.segment(component) + "/import", Map.of());
      int failed = 0;
      for (var s : result) {
        if (s.has("error")) {
          System.err.println(s.path("source").asText() + ": " + s.path("error").asText());
          failed++;
        } else if (s.path("created").isEmpty()) {
          System.out.println(s.path("source").asText() + ": nothing new");
        } else {
          for (var v : s.path("created"))
            System.out.println(
                s.path("source").asText() + ": created " + component + " " + v.asText());
        }
      }
      return failed == 0 ? 0 : 1;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Adds or removes a version status by hand.",
      subcommands = {Status.Add.class, Status.Remove.class})
  static final class Status {
    /** The version and status a change is about; the answer is the version. */
    abstract static class Change implements Callable<Integer> {
      @Mixin ClientOptions client;

      // No standard -V/--version here: --version names the component's version.
      @Option(
          names = {"-h", "--help"},
          usageHelp = true,
          description = "Show this help message and exit.")
      boolean help;

      @Option(names = "--component", required = true, description = "The component.")
      String component;

      @Option(
          names = "--version",
          paramLabel = "V",
          required = true,
          description = "The component's version.")
      String version;

      @Parameters(paramLabel = "STATUS", description = "A status of scope version.")
      String status;

      String path() {
        return "/api/v1/components/"
            + ApiClient.segment(component)
            + "/versions/"
            + ApiClient.segment(version)
            + "/statuses/"
            + ApiClient.segment(status);
      }

      int print(String what, JsonNode v) {
        return Output.statusChange(component + " " + version, status, what, v);
      }
    }

    @Command(
        name = "add",
        description =
            "Adds a status to a version: needs the status's role where it has one, else the"
                + " request permission on an application of the component. A unique status moves"
                + " from the component's other versions; triggers on it fire.")
    static final class Add extends Change {
      @Override
      public Integer call() {
        return print("added", client.client().post(path(), null));
      }
    }

    @Command(
        name = "remove",
        description = "Removes a status from a version (same permission as adding it).")
    static final class Remove extends Change {
      @Override
      public Integer call() {
        return print("removed", client.client().delete(path()));
      }
    }
  }
}
