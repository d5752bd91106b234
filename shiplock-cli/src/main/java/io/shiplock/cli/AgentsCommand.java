package io.shiplock.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "agents",
    mixinStandardHelpOptions = true,
    description = "Manages agent tokens (needs the agents permission on every application).",
    subcommands = {AgentsCommand.Token.class})
final class AgentsCommand {
  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description = "Agent tokens.",
      subcommands = {Token.Create.class, Token.Revoke.class})
  static final class Token {
    @Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Issues a token for an agent and prints it alone on stdout.")
    static final class Create implements Callable<Integer> {
      @Mixin ClientOptions client;

      @Parameters(paramLabel = "NAME", description = "The agent, as configured (kind: Agent).")
      String name;

      @Override
      public Integer call() {
        System.out.println(
            client
                .client()
                .post("/api/v1/agents/" + ApiClient.segment(name) + "/tokens", Map.of())
                .get("token")
                .asText());
        return 0;
      }
    }

    @Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = "Revokes an agent token by id; the agent is refused from its next call.")
    static final class Revoke implements Callable<Integer> {
      @Mixin ClientOptions client;

      @Parameters(paramLabel = "ID")
      long id;

      @Override
      public Integer call() {
        client.client().delete("/api/v1/agent-tokens/" + id);
        System.out.println("revoked agent token " + id);
        return 0;
      }
    }
  }
}
