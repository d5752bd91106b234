package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shiplock snapshots status add|remove}: snapshot statuses by hand, as version statuses. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Adds or removes a snapshot status by hand (statuses of scope snapshot; gates may ask for"
            + " them with snapshotStatuses).",
    subcommands = {SnapshotStatusCommand.Add.class, SnapshotStatusCommand.Remove.class})
final class SnapshotStatusCommand {
  /** The snapshot and status a change is about; the answer is the snapshot. */
  abstract static class Change implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--app", required = true, description = "The application.")
    String app;

    @Option(names = "--snapshot", required = true, description = "The snapshot.")
    String snapshot;

    @Parameters(paramLabel = "STATUS", description = "A status of scope snapshot.")
    String status;

    String path() {
      return SnapshotsCommand.base(app)
          + "/"
          + ApiClient.segment(snapshot)
          + "/statuses/"
          + ApiClient.segment(status);
    }

    int print(String what, JsonNode s) {
      return Output.statusChange("snapshot " + snapshot + " of " + app, status, what, s);
    }
  }

  @Command(
      name = "add",
      description =
          "Adds a status to a snapshot: needs the status's role where it has one, else the request"
              + " permission on the application. A unique status moves from the application's"
              + " other snapshots.")
  static final class Add extends Change {
    @Override
    public Integer call() {
      return print("added", client.client().put(path(), null));
    }
  }

  @Command(
      name = "remove",
      description = "Removes a status from a snapshot (same permission as adding it).")
  static final class Remove extends Change {
    @Override
    public Integer call() {
      return print("removed", client.client().delete(path()));
    }
  }
}
