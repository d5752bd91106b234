package io.shiplock.cli;

import io.shiplock.core.config.Plan;
import io.shiplock.core.config.SourceFiles;
import io.shiplock.server.ServerSettings;
import io.shiplock.server.ShiplockServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a server on the embedded store with the seed's example pipeline applied",
      "(application ContinuousTestServices), and keeps it running until Ctrl-C."
    })
final class DemoCommand implements Callable<Integer> {
  @Mixin ServerCommand server = new ServerCommand();

  @Option(
      names = {"-f", "--file"},
      paramLabel = "PATH",
      description =
          "Configuration to apply (default: $SHIPLOCK_EXAMPLE or examples/continuous-test-services).")
  Path file;

  @Option(names = "--exit", description = "Stop after applying (for scripts and tests).")
  boolean exit;

  @Override
  public Integer call() throws InterruptedException {
    Path example = file;
    if (example == null) {
      String env = System.getenv("SHIPLOCK_EXAMPLE");
      example = Path.of(env != null ? env : "examples/continuous-test-services");
    }
    ServerSettings settings = server.settings();
    ShiplockServer s = ServerCommand.startAndAnnounce(settings);
    try {
      Plan plan = s.config().apply(SourceFiles.load(example), false);
      System.out.println(
          "Applied " + example + ": " + plan.summary() + " (revision " + plan.revision() + ")");
      String url = "http://" + settings.host() + ":" + s.port();
      System.out.println("Try: shiplock login --server " + url + " --user admin --password-stdin");
      System.out.println("     shiplock get environments --app ContinuousTestServices");
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    if (exit) {
      s.close();
      return 0;
    }
    ServerCommand.awaitShutdown(s);
    return 0;
  }
}
