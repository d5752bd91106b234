package io.shiplock.cli;

import static io.shiplock.cli.Output.Column.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.release.CronSchedule;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Shows objects of a kind, or one of them.",
      "KIND is one of: statuses, agents, components, applications, environments (with --app),"
          + " versions (with --component), requests, tokens, component-properties (with --app and"
          + " --env), inventory (with --app, and --env for one environment), roles, teams,"
          + " sources, triggers, schedules, blackouts, nodes (the server nodes on the database)."
    })
final class GetCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(index = "0", paramLabel = "KIND")
  String kind;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NAME")
  String name;

  @Option(
      names = {"--app", "--application"},
      paramLabel = "APP",
      description = "Application of the environments.")
  String app;

  @Option(
      names = "--env",
      paramLabel = "ENVIRONMENT",
      description = "Environment (for component-properties and inventory).")
  String env;

  @Option(
      names = "--component",
      paramLabel = "COMPONENT",
      description = "Component of the versions.")
  String component;

  @Option(
      names = {"-o", "--output"},
      description = "table, json or yaml (default: table for lists, yaml for one object).")
  Output.Format format;

  private static final Map<String, List<Output.Column>> COLUMNS = new HashMap<>();

  static {
    columns(
        "statuses",
        List.of(
            field("NAME", "/name"),
            field("SCOPE", "/scope"),
            field("COLOR", "/color"),
            field("UNIQUE", "/unique"),
            field("ROLE", "/role")),
        "agents",
        List.of(
            field("NAME", "/name"),
            new Output.Column("STATUS", n -> n.path("online").asBoolean() ? "online" : "offline"),
            field("LAST HEARTBEAT", "/lastHeartbeat"),
            field("HOST", "/host"),
            field("VERSION", "/version")),
        "nodes",
        List.of(
            field("ID", "/id"),
            field("ADDRESS", "/address"),
            new Output.Column("STATUS", GetCommand::nodeStatus),
            field("LAST HEARTBEAT", "/heartbeatAt"),
            field("STARTED", "/startedAt"),
            field("VERSION", "/version")),
        "components",
        List.of(
            field("NAME", "/name"),
            field("PROCESSES", "/processes"),
            field("ENV PROPERTIES", "/environmentProperties"),
            field("DESCRIPTION", "/description")),
        "applications",
        List.of(
            field("NAME", "/name"),
            field("COMPONENTS", "/components"),
            field("PROCESSES", "/processes")),
        "environments",
        List.of(
            field("APPLICATION", "/application"),
            field("ORDER", "/order"),
            field("NAME", "/name"),
            new Output.Column("GATE", GetCommand::gate),
            new Output.Column(
                "APPROVAL",
                n ->
                    n.has("approval")
                        ? n.at("/approval/required").asText()
                            + " of "
                            + Output.text(n.at("/approval/approvers"))
                        : "")),
        "component-properties",
        List.of(
            field("COMPONENT", "/component"),
            field("PROPERTY", "/name"),
            new Output.Column(
                "VALUE", n -> n.path("secure").asBoolean() ? "****" : Output.text(n.get("value"))),
            field("SOURCE", "/source"),
            field("SET", "/setAt"),
            field("REQUEST", "/request")),
        "inventory",
        List.of(
            field("ENVIRONMENT", "/environment"),
            field("RESOURCE", "/resource"),
            field("COMPONENT", "/component"),
            field("VERSION", "/version"),
            field("STATUSES", "/statuses"),
            field("SINCE", "/since"),
            field("REQUEST", "/request"),
            new Output.Column(
                "PENDING",
                n ->
                    n.has("desired")
                        ? n.at("/desired/version").asText()
                            + " (request "
                            + n.at("/desired/request").asText()
                            + ")"
                        : ""),
            new Output.Column(
                "PROPERTIES",
                n -> {
                  List<String> parts = new ArrayList<>();
                  n.path("properties")
                      .properties()
                      .forEach(
                          e -> {
                            String v = e.getValue().asText();
                            if (v.startsWith("sha256:")) v = v.substring(7);
                            parts.add(
                                e.getKey() + "=" + (v.length() > 12 ? v.substring(0, 12) : v));
                          });
                  return String.join(" ", parts);
                })),
        "versions",
        List.of(
            field("NAME", "/name"),
            field("CREATED", "/createdAt"),
            field("BY", "/createdBy"),
            field("STATUSES", "/statuses")),
        "requests",
        List.of(
            field("ID", "/id"),
            field("APPLICATION", "/application"),
            field("ENVIRONMENT", "/environment"),
            field("PROCESS", "/process"),
            field("STATE", "/state"),
            field("BY", "/requestedBy"),
            field("REQUESTED", "/requestedAt"),
            field("FINISHED", "/finishedAt")),
        "tokens",
        List.of(
            field("ID", "/id"),
            field("NAME", "/name"),
            field("PREFIX", "/prefix"),
            field("CREATED", "/createdAt"),
            field("EXPIRES", "/expiresAt"),
            field("LAST USED", "/lastUsedAt"),
            field("REVOKED", "/revokedAt")));
    columns(
        "roles",
        List.of(
            field("NAME", "/name"),
            field("PERMISSIONS", "/permissions"),
            field("DESCRIPTION", "/description")),
        "teams",
        List.of(
            field("NAME", "/name"),
            field("MEMBERS", "/members"),
            new Output.Column(
                "ROLES",
                n -> {
                  List<String> out = new ArrayList<>();
                  n.path("roles")
                      .forEach(
                          g ->
                              out.add(
                                  g.path("role").asText()
                                      + (g.has("application")
                                          ? "@" + g.path("application").asText()
                                          : "")
                                      + (g.has("environments")
                                          ? "[" + Output.text(g.get("environments")) + "]"
                                          : "")));
                  return String.join(" ", out);
                })),
        "sources",
        List.of(
            field("NAME", "/name"),
            field("COMPONENT", "/component"),
            new Output.Column(
                "FROM",
                n ->
                    n.has("git")
                        ? n.at("/git/url").asText() + " (" + n.at("/git/branch").asText() + ")"
                        : n.at("/registry/url").asText()
                            + "/"
                            + n.at("/registry/repository").asText()),
            field("POLL", "/pollInterval")),
        "triggers",
        List.of(
            field("NAME", "/name"),
            field("APPLICATION", "/application"),
            new Output.Column(
                "WHEN",
                n ->
                    n.path("when").asText()
                        + (n.has("status") ? " " + n.path("status").asText() : "")
                        + " of "
                        + n.path("component").asText()),
            new Output.Column(
                "RUNS", n -> n.path("process").asText() + " on " + n.path("environment").asText()),
            new Output.Column("PAUSED", n -> String.valueOf(n.path("paused").asBoolean()))),
        "schedules",
        List.of(
            field("NAME", "/name"),
            field("APPLICATION", "/application"),
            new Output.Column("WHEN", GetCommand::cron),
            new Output.Column("NEXT", GetCommand::next),
            new Output.Column(
                "RUNS", n -> n.path("process").asText() + " on " + n.path("environment").asText()),
            new Output.Column("PAUSED", n -> String.valueOf(n.path("paused").asBoolean()))),
        "blackouts",
        List.of(
            field("NAME", "/name"),
            field("APPLICATION", "/application"),
            new Output.Column("ENVIRONMENTS", n -> Output.text(n.get("environments"))),
            new Output.Column(
                "WHEN",
                n ->
                    n.has("cron")
                        ? cron(n) + " for " + n.path("duration").asText()
                        : n.path("from").asText() + " until " + n.path("until").asText()),
            field("REASON", "/reason")));
  }

  /** A schedule's or blackout's cron expression with its zone. */
  private static String cron(JsonNode n) {
    return n.path("cron").asText() + " (" + n.path("timeZone").asText("UTC") + ")";
  }

  /** A schedule's next time, from its cron expression and zone; "paused" for a paused one. */
  private static String next(JsonNode n) {
    if (n.path("paused").asBoolean()) return "paused";
    try {
      return CronSchedule.parse(n.path("cron").asText(), n.path("timeZone").asText(null))
          .nextAfter(Instant.now())
          .map(Instant::toString)
          .orElse("never");
    } catch (IllegalArgumentException e) {
      return "?";
    }
  }

  private static void columns(Object... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<Output.Column> cols = (List<Output.Column>) pairs[i + 1];
      COLUMNS.put((String) pairs[i], cols);
    }
  }

  /** The table columns of a kind, shared with commands that list the same objects. */
  static List<Output.Column> columns(String kind) {
    return COLUMNS.get(kind);
  }

  // "stopped" said a node stopped gracefully; "dead" that it stopped beating without saying so.
  private static String nodeStatus(JsonNode n) {
    String status =
        n.path("live").asBoolean() ? "live" : n.hasNonNull("stoppedAt") ? "stopped" : "dead";
    return n.path("self").asBoolean() ? status + " (this node)" : status;
  }

  private static String gate(JsonNode env) {
    JsonNode g = env.get("gate");
    if (g == null) return "";
    if (g.has("anyOf")) return "anyOf " + g.get("anyOf").size() + " clauses";
    String all = Output.text(g.get("allOf"));
    String none = Output.text(g.get("noneOf"));
    return all + (none.isEmpty() ? "" : " !" + none);
  }

  @Override
  public Integer call() {
    String k = normalise(kind);
    ApiClient api = client.client();
    String path =
        switch (k) {
          case "environments" -> {
            if (name != null && app == null)
              throw new CliException(
                  "name the application: shiplock get environments NAME --app APP");
            if (app == null) yield "/api/v1/environments";
            yield "/api/v1/applications/"
                + ApiClient.segment(app)
                + "/environments"
                + (name == null ? "" : "/" + ApiClient.segment(name));
          }
          case "versions" -> {
            if (component == null)
              throw new CliException(
                  "name the component: shiplock get versions --component COMPONENT");
            yield "/api/v1/components/"
                + ApiClient.segment(component)
                + "/versions"
                + (name == null ? "" : "/" + ApiClient.segment(name));
          }
          case "component-properties" -> {
            if (app == null || env == null) {
              throw new CliException(
                  "name both: shiplock get component-properties --app APP --env ENVIRONMENT");
            }
            yield "/api/v1/applications/"
                + ApiClient.segment(app)
                + "/environments/"
                + ApiClient.segment(env)
                + "/component-properties";
          }
          case "inventory" -> {
            if (app == null)
              throw new CliException("name the application: shiplock get inventory --app APP");
            yield "/api/v1/applications/"
                + ApiClient.segment(app)
                + "/inventory"
                + (env == null ? "" : "?environment=" + ApiClient.segment(env));
          }
          case "tokens" -> "/api/v1/tokens";
          case "requests" ->
              "/api/v1/requests" + (name == null ? "" : "/" + ApiClient.segment(name));
          default -> "/api/v1/" + k + (name == null ? "" : "/" + ApiClient.segment(name));
        };
    JsonNode data = api.get(path);
    Output.Format f =
        format != null ? format : (name == null ? Output.Format.table : Output.Format.yaml);
    Output.print(new PrintWriter(System.out, false, System.out.charset()), data, f, COLUMNS.get(k));
    return 0;
  }

  private static String normalise(String kind) {
    String k = kind.toLowerCase(Locale.ROOT);
    for (String known : COLUMNS.keySet()) {
      if (known.equals(k)
          || known.equals(k + "s")
          || known.equals(k + "es")
          || (k.endsWith("y") && known.equals(k.substring(0, k.length() - 1) + "ies"))) {
        return known;
      }
    }
    throw new CliException(
        "unknown kind '"
            + kind
            + "'; known: "
            + String.join(", ", new TreeSet<>(COLUMNS.keySet())));
  }
}
