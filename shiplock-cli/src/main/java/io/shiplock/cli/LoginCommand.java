package io.shiplock.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description =
        "Logs in and stores a token for later commands (~/.config/shiplock/credentials.json).")
final class LoginCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(names = "--user", required = true, description = "User name.")
  String user;

  @Option(
      names = "--password-stdin",
      description =
          "Read the password from standard input (the only way: never on the command line).")
  boolean passwordStdin;

  @Override
  public Integer call() throws IOException {
    if (!passwordStdin) {
      throw new CliException(
          "pass the password on standard input with --password-stdin, e.g. echo \"$PW\" | shiplock login --user admin --password-stdin");
    }
    String password =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (password == null || password.isEmpty())
      throw new CliException("no password on standard input");
    ApiClient api = new ApiClient(client.server(), null, ClientOptions.trust(client.ca, null));
    var r =
        api.post("/api/v1/login", Map.of("user", user, "password", password, "tokenName", "cli"));
    Credentials.save(api.server(), r.get("token").asText());
    System.out.println(
        "Logged in to " + api.server() + " as " + user + "; token stored in " + Credentials.file());
    return 0;
  }
}
