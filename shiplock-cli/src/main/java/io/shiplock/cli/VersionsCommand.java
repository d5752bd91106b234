package io.shiplock.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "versions",
    mixinStandardHelpOptions = true,
    description = "Component versions (list them with 'shiplock get versions --component C').",
    subcommands = {VersionsCommand.Create.class})
final class VersionsCommand {
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Creates a version of a component. (Uploading its files comes with --from in a later version.)")
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

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      if (description != null) body.put("description", description);
      body.put("properties", RequestCommand.pairs(properties, "=", "--property NAME=VALUE"));
      client
          .client()
          .post("/api/v1/components/" + ApiClient.segment(component) + "/versions", body);
      System.out.println("created " + component + " " + name);
      return 0;
    }
  }
}
