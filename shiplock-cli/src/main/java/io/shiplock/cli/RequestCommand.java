package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "request",
    // No standard -V/--version here: --version names component versions, as users of UCD expect.
    description =
        "Runs an application process on an environment; with --wait, follows it and exits non-zero unless it succeeds.")
final class RequestCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--app", required = true, description = "Application.")
  String app;

  @Option(names = "--env", required = true, description = "Environment.")
  String env;

  @Option(names = "--process", required = true, description = "Application process.")
  String process;

  @Option(
      names = "--version",
      paramLabel = "COMPONENT:VERSION",
      description = "A component's version to use (repeatable).")
  List<String> versions = List.of();

  @Option(
      names = "--snapshot",
      paramLabel = "NAME",
      description = "Deploy this snapshot's versions (instead of --version).")
  String snapshot;

  @Option(
      names = "--property",
      paramLabel = "NAME=VALUE",
      description = "A request property (repeatable).")
  List<String> properties = List.of();

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description =
          "Start at this time instead of now, an ISO 8601 time with its zone (2026-12-01T22:00Z,"
              + " 2026-12-01T23:00+01:00). The request is SCHEDULED until then; the gate and approvals"
              + " are checked now and again when it starts.")
  String at;

  @Option(
      names = "--after-blackout",
      description =
          "In a blackout window of the environment, wait for its end (the request is SCHEDULED"
              + " until then) instead of being refused.")
  boolean afterBlackout;

  @Option(
      names = "--override-blackout",
      paramLabel = "COMMENT",
      description =
          "Start inside a blackout window anyway (admins only); the comment says why and is"
              + " audited.")
  String overrideBlackout;

  @Option(
      names = "--wait",
      description = "Follow the request until it ends; print each step as it finishes.")
  boolean wait;

  @Option(
      names = {"-o", "--output"},
      description = "text or json (default: ${DEFAULT-VALUE}).",
      defaultValue = "text")
  String format;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> v = pairs(versions, ":", "--version COMPONENT:VERSION");
    Map<String, String> p = pairs(properties, "=", "--property NAME=VALUE");
    ApiClient api = client.client();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("application", app);
    body.put("environment", env);
    body.put("process", process);
    body.put("versions", v);
    body.put("properties", p);
    if (snapshot != null) body.put("snapshot", snapshot);
    if (at != null) body.put("at", at);
    if (afterBlackout) body.put("afterBlackout", true);
    if (overrideBlackout != null) body.put("overrideBlackout", overrideBlackout);
    JsonNode created = api.post("/api/v1/requests", body);
    long id = created.get("id").asLong();
    if (!wait) {
      System.out.println(
          format.equals("json")
              ? Output.json(created)
              : "request "
                  + id
                  + " "
                  + created.get("state").asText()
                  + (created.hasNonNull("scheduledFor")
                      ? " for " + created.get("scheduledFor").asText()
                      : ""));
      return 0;
    }
    return RequestWatcher.follow(api, id, format.equals("json"));
  }

  static Map<String, String> pairs(List<String> items, String sep, String usage) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String s : items) {
      int i = s.indexOf(sep);
      if (i <= 0) throw new CliException("expected " + usage + ", got '" + s + "'");
      out.put(s.substring(0, i), s.substring(i + 1));
    }
    return out;
  }
}
