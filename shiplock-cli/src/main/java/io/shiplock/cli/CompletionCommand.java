package io.shiplock.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Shell completion of commands, subcommands and options, generated from the command tree itself
 * (picocli's AutoComplete), so it never falls behind the commands. zsh runs the bash script through
 * its bash compatibility ({@code bashcompinit}), which the zsh output turns on.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a shell completion script for bash or zsh.",
      "Load it in the current shell with 'source <(shiplock completion bash)', or for every new"
          + " shell with 'shiplock completion bash > /etc/bash_completion.d/shiplock' (zsh: add"
          + " 'source <(shiplock completion zsh)' to ~/.zshrc)."
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  /** The shells it writes for (an enum: completion offers them, and anything else is refused). */
  enum Shell {
    bash,
    zsh
  }

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    String bash = AutoComplete.bash("shiplock", root);
    if (shell == Shell.zsh) {
      System.out.println("autoload -U +X compinit && compinit");
      System.out.println("autoload -U +X bashcompinit && bashcompinit");
    }
    System.out.print(bash);
    return 0;
  }
}
