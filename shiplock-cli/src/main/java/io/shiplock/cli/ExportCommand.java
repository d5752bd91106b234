package io.shiplock.cli;

import io.shiplock.core.config.ConfigSchema;
import io.shiplock.core.steps.StepCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Prints all configuration as YAML that applies back to the same state (secure values are never included).")
final class ExportCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Override
  public Integer call() {
    System.out.print(client.client().getText("/api/v1/config/export"));
    return 0;
  }

  @Command(
      name = "schema",
      mixinStandardHelpOptions = true,
      description = "Prints the JSON Schema of configuration documents (no server needed).")
  static final class Schema implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.println(
          Output.json(ApiClient.JSON.valueToTree(ConfigSchema.of(StepCatalog.discover()))));
      return 0;
    }
  }
}
