package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description =
        "Shows two environments of an application side by side: the snapshot each runs, each"
            + " component's versions and inventory statuses, and every property (secure ones"
            + " masked). Rows that differ are marked with *. Exit code 0 either way.")
final class CompareCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(names = "--app", required = true, description = "The application.")
  String app;

  @Parameters(index = "0", description = "The first environment.")
  String left;

  @Parameters(index = "1", description = "The second environment.")
  String right;

  @Option(
      names = {"-o", "--output"},
      description = "table, json or yaml.")
  Output.Format format = Output.Format.table;

  @Override
  public Integer call() {
    JsonNode c =
        client
            .client()
            .get(
                "/api/v1/applications/"
                    + ApiClient.segment(app)
                    + "/compare?left="
                    + ApiClient.segment(left)
                    + "&right="
                    + ApiClient.segment(right));
    PrintWriter out = new PrintWriter(System.out, false, System.out.charset());
    if (format != Output.Format.table) {
      Output.print(out, c, format, List.of());
      return 0;
    }
    ArrayNode rows = ApiClient.JSON.createArrayNode();
    JsonNode s = c.path("snapshot");
    rows.add(row("snapshot", text(s.path("left")), text(s.path("right")), s));
    for (JsonNode r : c.path("components")) {
      rows.add(
          row(
              r.path("component").asText() + " version",
              list(r.at("/left/versions")),
              list(r.at("/right/versions")),
              r.path("versionsDiffer").asBoolean()));
      rows.add(
          row(
              r.path("component").asText() + " statuses",
              list(r.at("/left/statuses")),
              list(r.at("/right/statuses")),
              r.path("statusesDiffer").asBoolean()));
    }
    for (JsonNode p : c.path("properties"))
      rows.add(
          row(
              "property " + p.path("name").asText(),
              shown(p.path("left")),
              shown(p.path("right")),
              p));
    Output.print(
        out,
        rows,
        format,
        List.of(
            Output.Column.field("", "/mark"),
            Output.Column.field("WHAT", "/what"),
            Output.Column.field(c.path("left").asText().toUpperCase(Locale.ROOT), "/left"),
            Output.Column.field(c.path("right").asText().toUpperCase(Locale.ROOT), "/right")));
    out.println(c.path("differences").asInt() + " difference(s)");
    out.flush();
    return 0;
  }

  private static JsonNode row(String what, String l, String r, JsonNode differs) {
    return row(what, l, r, differs.path("differs").asBoolean());
  }

  private static JsonNode row(String what, String l, String r, boolean differs) {
    return ApiClient.JSON
        .createObjectNode()
        .put("mark", differs ? "*" : "")
        .put("what", what)
        .put("left", l)
        .put("right", r);
  }

  private static String text(JsonNode n) {
    return n.isNull() || n.isMissingNode() ? "-" : n.asText();
  }

  private static String list(JsonNode n) {
    if (!n.isArray() || n.isEmpty()) return "-";
    StringBuilder b = new StringBuilder();
    for (JsonNode v : n) b.append(b.isEmpty() ? "" : ", ").append(v.asText());
    return b.toString();
  }

  /** A property side: its value, ****** for a secret, - where the environment lacks it. */
  private static String shown(JsonNode side) {
    if (side.isNull() || side.isMissingNode()) return "-";
    return side.path("secure").asBoolean() ? "******" : text(side.path("value"));
  }
}
