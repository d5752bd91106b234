package io.shiplock.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = "Manages your API tokens.",
    subcommands = {
      TokensCommand.Create.class,
      TokensCommand.ListTokens.class,
      TokensCommand.Revoke.class
    })
final class TokensCommand {
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a token and prints it alone on stdout (for scripts).")
  static final class Create implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "NAME", description = "A name to recognise the token by.")
    String name;

    @Option(
        names = "--expires-in",
        paramLabel = "DURATION",
        description = "Lifetime such as 30d or 12h (default: no expiry).")
    String expiresIn;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      if (expiresIn != null) body.put("expiresIn", expiresIn);
      System.out.println(client.client().post("/api/v1/tokens", body).get("token").asText());
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists your tokens (never their text).")
  static final class ListTokens implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(
        names = {"-o", "--output"},
        description = "table, json or yaml (default: ${DEFAULT-VALUE}).",
        defaultValue = "table")
    Output.Format format;

    @Override
    public Integer call() {
      Output.print(
          new PrintWriter(System.out, false, System.out.charset()),
          client.client().get("/api/v1/tokens"),
          format,
          GetCommand.columns("tokens"));
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revokes a token by id (see 'tokens list').")
  static final class Revoke implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "ID")
    long id;

    @Override
    public Integer call() {
      client.client().delete("/api/v1/tokens/" + id);
      System.out.println("revoked token " + id);
      return 0;
    }
  }
}
