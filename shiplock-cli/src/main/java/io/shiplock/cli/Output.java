package io.shiplock.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shiplock.core.config.ConfigWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Prints read results as a table, JSON or YAML ({@code -o}). */
final class Output {
  enum Format {
    table,
    json,
    yaml
  }

  /** A table column: its header and how to get its text from a row. */
  record Column(String header, Function<JsonNode, String> value) {
    static Column field(String header, String path) {
      return new Column(header, n -> text(n.at(path)));
    }
  }

  private Output() {}

  static void print(PrintWriter out, JsonNode data, Format format, List<Column> columns) {
    switch (format) {
      case json -> out.println(json(data));
      case yaml -> out.print(yaml(data));
      case table ->
          out.print(
              table(data.isArray() ? data : ApiClient.JSON.createArrayNode().add(data), columns));
    }
    out.flush();
  }

  static String json(JsonNode data) {
    try {
      return ApiClient.JSON
          .copy()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String yaml(JsonNode data) {
    return ConfigWriter.yaml(data);
  }

  static String table(JsonNode rows, List<Column> columns) {
    List<String[]> cells = new ArrayList<>();
    cells.add(columns.stream().map(Column::header).toArray(String[]::new));
    for (JsonNode row : rows)
      cells.add(columns.stream().map(c -> c.value().apply(row)).toArray(String[]::new));
    int[] width = new int[columns.size()];
    for (String[] r : cells)
      for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    StringBuilder sb = new StringBuilder();
    for (String[] r : cells) {
      for (int i = 0; i < r.length; i++) {
        sb.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String text(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) return "";
    if (n.isArray()) {
      List<String> parts = new ArrayList<>();
      n.forEach(e -> parts.add(e.isValueNode() ? e.asText() : e.path("name").asText(e.toString())));
      return String.join(",", parts);
    }
    return n.isValueNode() ? n.asText() : n.toString();
  }

  /** "SUBJECT: STATUS added (statuses: A, B)" after a status change; answers exit code 0. */
  static int statusChange(String subject, String status, String what, JsonNode answer) {
    List<String> now = new ArrayList<>();
    answer.path("statuses").forEach(s -> now.add(s.asText()));
    System.out.println(
        subject
            + ": "
            + status
            + " "
            + what
            + " (statuses: "
            + (now.isEmpty() ? "none" : String.join(", ", now))
            + ")");
    return 0;
  }
}
