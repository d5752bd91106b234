package io.shiplock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** shiplock approvals / approve / reject. */
final class ApprovalCommands {
  private ApprovalCommands() {}

  @Command(
      name = "approvals",
      mixinStandardHelpOptions = true,
      description =
          "Requests waiting for approval that you may see, and whether you can decide on them.")
  static final class List_ implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(
        names = {"-o", "--output"},
        description = "table, json or yaml (default: table).")
    Output.Format format = Output.Format.table;

    @Override
    public Integer call() {
      JsonNode data = client.client().get("/api/v1/approvals");
      Output.print(
          new PrintWriter(System.out, false, System.out.charset()),
          data,
          format,
          List.of(
              new Output.Column("REQUEST", n -> n.path("request").asText()),
              new Output.Column("APPLICATION", n -> n.path("application").asText()),
              new Output.Column("ENVIRONMENT", n -> n.path("environment").asText()),
              new Output.Column("PROCESS", n -> n.path("process").asText()),
              new Output.Column("VERSIONS", n -> Output.text(n.get("versions"))),
              new Output.Column("BY", n -> n.path("requestedBy").asText()),
              new Output.Column(
                  "APPROVALS",
                  n -> {
                    long yes = 0;
                    for (JsonNode d : n.path("decisions"))
                      if (d.path("decision").asText().equals("APPROVED")) yes++;
                    return yes + " of " + n.path("required").asText();
                  }),
              new Output.Column(
                  "YOU",
                  n ->
                      n.path("canDecide").asBoolean()
                          ? "can decide"
                          : "cannot: " + n.path("whyNot").asText())));
      return 0;
    }
  }

  abstract static class Decide implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "REQUEST")
    long id;

    @Option(
        names = {"-m", "--comment"},
        description = "Your comment: the consent record (required where the environment says so).")
    String comment;

    abstract String verb();

    @Override
    public Integer call() {
      JsonNode r =
          client
              .client()
              .post(
                  "/api/v1/requests/" + id + "/" + verb(),
                  comment == null ? Map.of() : Map.of("comment", comment));
      String result = r.path("result").asText();
      System.out.println(
          "request "
              + id
              + ": "
              + switch (result) {
                case "APPROVED" -> "approved; it runs now";
                case "RECORDED" -> "your approval is recorded; more approvals are needed";
                case "REJECTED" -> "rejected; the request failed";
                default -> result;
              });
      return 0;
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = "Approves a request that waits for approval.")
  static final class Approve extends Decide {
    @Override
    String verb() {
      return "approve";
    }
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = "Rejects a request that waits for approval; it fails with your comment.")
  static final class Reject extends Decide {
    @Override
    String verb() {
      return "reject";
    }
  }
}
