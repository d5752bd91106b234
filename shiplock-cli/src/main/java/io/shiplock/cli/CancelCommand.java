package io.shiplock.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancels a request: nothing new starts and running steps are stopped.")
final class CancelCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "REQUEST")
  long id;

  @Override
  public Integer call() {
    client.client().post("/api/v1/requests/" + id + "/cancel", Map.of());
    System.out.println("request " + id + " canceling");
    return 0;
  }
}
