package io.shiplock.cli;

import io.shiplock.core.config.ConfigException;
import io.shiplock.server.ShiplockServer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

@Command(
    name = "shiplock",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Shiplock: deployment automation for Docker delivery pipelines.")
public final class Main implements Runnable {
  /**
   * Every subcommand. The annotation lists none: picocli builds a command's model by reflecting
   * over its annotations, and for all of these that took about half a second of a server's start
   * (docs/benchmarks.md, "Start to ready"), so a command line builds only the command it names.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          ServerCommand.class,
          DemoCommand.class,
          LoginCommand.class,
          TokensCommand.class,
          ApplyCommand.Apply.class,
          ApplyCommand.Plan.class,
          ExportCommand.class,
          ExportCommand.Schema.class,
          ImportCommand.class,
          GetCommand.class,
          VersionsCommand.class,
          SnapshotsCommand.class,
          RequestCommand.class,
          CancelCommand.class,
          ApprovalCommands.List_.class,
          ApprovalCommands.Approve.class,
          ApprovalCommands.Reject.class,
          TaskCommands.List_.class,
          TaskCommands.Confirm.class,
          TaskCommands.Refuse.class,
          PeopleCommands.Users.class,
          PeopleCommands.Audit.class,
          LogsCommand.class,
          InsightsCommand.class,
          CompareCommand.class,
          AgentCommand.class,
          AgentsCommand.class,
          VersionCommand.class,
          CompletionCommand.class,
          BackupCommand.class,
          RestoreCommand.class,
          CommandLine.HelpCommand.class);

  /** Commands that speak of all the others. */
  private static final Set<Class<?>> NEED_ALL =
      Set.of(CommandLine.HelpCommand.class, CompletionCommand.class);

  /** The command line for {@code args}: the command they name, or all when they name none. */
  static CommandLine commandLine(String... args) {
    CommandLine cl = new CommandLine(new Main());
    String first = args.length > 0 ? args[0] : "";
    List<Class<?>> named =
        SUBCOMMANDS.stream()
            .filter(c -> c.getAnnotation(Command.class).name().equals(first))
            .filter(c -> !NEED_ALL.contains(c))
            .toList();
    (named.isEmpty() ? SUBCOMMANDS : named).forEach(cl::addSubcommand);
    return cl;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"shiplock " + ShiplockServer.VERSION};
    }
  }

  // The command line as built, with its subcommands: usage(this) would build a new one from the
  // annotation, which lists none, and print no commands.
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs a command line and returns its exit code; errors go to stderr. */
  public static int run(String... args) {
    CommandLine cl = commandLine(args);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          if (e instanceof CliException c) {
            err.println("error: " + c.getMessage());
            c.details().forEach(d -> err.println("  " + d));
          } else if (e instanceof ConfigException c) {
            err.println("error: " + c.getMessage());
          } else {
            err.println("error: " + e);
          }
          err.flush();
          return 1;
        });
    return cl.execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
