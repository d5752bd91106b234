package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shiplock.core.config.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "insights",
    mixinStandardHelpOptions = true,
    description =
        "Prints the delivery insights of an application's environments over a period: deployment"
            + " frequency, lead time for changes, change failure rate and time to restore"
            + " (docs/insights.md defines them).")
final class InsightsCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(names = "--app", required = true, description = "The application.")
  String app;

  @Option(names = "--env", description = "Only this environment (default: every one you may read).")
  String env;

  @Option(
      names = "--since",
      description = "Start: a duration back from now (30d, 12h) or an instant (default 30d).")
  String since;

  @Option(
      names = "--until",
      description = "End: a duration back from now or an instant (default: now).")
  String until;

  @Option(
      names = {"-o", "--output"},
      description = "table, json or yaml (json and yaml add the weekly figures).")
  Output.Format format = Output.Format.table;

  @Override
  public Integer call() {
    StringBuilder q = new StringBuilder("/api/v1/insights?app=" + ApiClient.segment(app));
    if (env != null) q.append("&env=").append(ApiClient.segment(env));
    if (since != null) q.append("&since=").append(ApiClient.segment(since));
    if (until != null) q.append("&until=").append(ApiClient.segment(until));
    JsonNode answer = client.client().get(q.toString());
    PrintWriter out = new PrintWriter(System.out, false, System.out.charset());
    if (format != Output.Format.table) {
      Output.print(out, answer, format, List.of());
      return 0;
    }
    // The table shows each environment's whole period; the weeks are in -o json.
    ArrayNode rows = ApiClient.JSON.createArrayNode();
    for (JsonNode e : answer.path("environments")) {
      ObjectNode total = e.path("total").deepCopy();
      rows.add(total.put("environment", e.path("environment").asText()));
    }
    out.println("from " + answer.path("since").asText() + " to " + answer.path("until").asText());
    Output.print(
        out,
        rows,
        format,
        List.of(
            Output.Column.field("ENVIRONMENT", "/environment"),
            Output.Column.field("DEPLOYMENTS", "/deployments"),
            new Output.Column(
                "PER WEEK",
                n -> String.format(Locale.ROOT, "%.2f", n.path("deploymentsPerWeek").asDouble())),
            new Output.Column("LEAD TIME (MEDIAN)", n -> duration(n.path("leadTimeMedianSeconds"))),
            new Output.Column("LEAD TIME (P90)", n -> duration(n.path("leadTimeP90Seconds"))),
            new Output.Column(
                "CHANGE FAILURE RATE",
                n ->
                    n.path("changeFailureRate").isNumber()
                        ? String.format(
                                Locale.ROOT, "%.0f%%", n.path("changeFailureRate").asDouble() * 100)
                            + " ("
                            + (n.path("failed").asInt() + n.path("rolledBack").asInt())
                            + "/"
                            + n.path("attempts").asInt()
                            + ")"
                        : "none"),
            new Output.Column(
                "TIME TO RESTORE (MEDIAN)", n -> duration(n.path("timeToRestoreMedianSeconds")))));
    return 0;
  }

  /** Seconds as the configuration writes durations (1d2h30m), or "none". */
  static String duration(JsonNode seconds) {
    return seconds.isNumber() ? Durations.format(Duration.ofSeconds(seconds.asLong())) : "none";
  }
}
