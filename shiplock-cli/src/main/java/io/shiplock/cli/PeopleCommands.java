package io.shiplock.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** shiplock users … and shiplock audit. */
final class PeopleCommands {
  private PeopleCommands() {}

  @Command(
      name = "users",
      mixinStandardHelpOptions = true,
      description = "Local users (teams and roles are configuration: kind Team, kind Role).",
      subcommands = {Users.Create.class, Users.ListUsers.class, Users.RevokeTokens.class})
  static final class Users {
    @Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Creates a user; the password is read from standard input.")
    static final class Create implements Callable<Integer> {
      @Mixin ClientOptions client;

      @Parameters(paramLabel = "NAME")
      String name;

      @Option(names = "--email", description = "Where notifications go.")
      String email;

      @Option(names = "--admin", description = "Every permission everywhere.")
      boolean admin;

      @Option(
          names = "--password-stdin",
          required = true,
          description = "Read the password (12 characters or more) from standard input.")
      boolean passwordStdin;

      @Override
      public Integer call() throws IOException {
        String password =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("email", email);
        body.put("password", password == null ? "" : password);
        body.put("admin", admin);
        client.client().post("/api/v1/users", body);
        System.out.println("created user " + name);
        return 0;
      }
    }

    @Command(
        name = "revoke-tokens",
        mixinStandardHelpOptions = true,
        description =
            "Revokes every API token and web session of a user, so their access ends now (a"
                + " directory user disabled in the directory keeps earlier tokens until then).")
    static final class RevokeTokens implements Callable<Integer> {
      @Mixin ClientOptions client;

      @Parameters(paramLabel = "NAME")
      String name;

      @Override
      public Integer call() {
        var answer = client.client().delete("/api/v1/users/" + ApiClient.segment(name) + "/tokens");
        System.out.println(
            "revoked " + answer.path("revoked").asInt() + " token(s) of user " + name);
        return 0;
      }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists users.")
    static final class ListUsers implements Callable<Integer> {
      @Mixin ClientOptions client;

      @Option(
          names = {"-o", "--output"},
          description = "table, json or yaml.")
      Output.Format format = Output.Format.table;

      @Override
      public Integer call() {
        Output.print(
            new PrintWriter(System.out, false, System.out.charset()),
            client.client().get("/api/v1/users"),
            format,
            List.of(
                new Output.Column("NAME", n -> n.path("name").asText()),
                new Output.Column("EMAIL", n -> n.path("email").asText("")),
                new Output.Column("ADMIN", n -> n.path("admin").asText()),
                new Output.Column("CREATED", n -> n.path("createdAt").asText())));
        return 0;
      }
    }
  }

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = "The audit log, newest first (needs the security permission).")
  static final class Audit implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(
        names = "--since",
        description = "An instant (2026-11-28T10:00:00Z) or a duration back (1h, 7d).")
    String since;

    @Option(names = "--user", description = "Only this actor.")
    String user;

    @Option(
        names = "--action",
        description = "Only actions starting with this (login, approval, …).")
    String action;

    @Option(names = "--limit", description = "At most this many entries (default 200).")
    int limit = 200;

    @Option(
        names = {"-o", "--output"},
        description = "table, json or yaml.")
    Output.Format format = Output.Format.table;

    @Override
    public Integer call() {
      StringBuilder q = new StringBuilder("/api/v1/audit?limit=" + limit);
      if (since != null) q.append("&since=").append(ApiClient.segment(since));
      if (user != null) q.append("&user=").append(ApiClient.segment(user));
      if (action != null) q.append("&action=").append(ApiClient.segment(action));
      Output.print(
          new PrintWriter(System.out, false, System.out.charset()),
          client.client().get(q.toString()),
          format,
          List.of(
              new Output.Column("AT", n -> n.path("at").asText()),
              new Output.Column("ACTOR", n -> n.path("actor").asText("")),
              new Output.Column("ACTION", n -> n.path("action").asText()),
              new Output.Column("TARGET", n -> n.path("target").asText("")),
              new Output.Column("OUTCOME", n -> n.path("outcome").asText()),
              new Output.Column("DETAIL", n -> n.path("detail").asText(""))));
      return 0;
    }
  }
}
