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

/** shiplock tasks / confirm / refuse: manual steps waiting for a person. */
final class TaskCommands {
  private TaskCommands() {}

  @Command(
      name = "tasks",
      mixinStandardHelpOptions = true,
      description =
          "Manual steps waiting for a person that you may see, and whether you can decide them.")
  static final class List_ implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(
        names = {"-o", "--output"},
        description = "table, json or yaml (default: table).")
    Output.Format format = Output.Format.table;

    @Override
    public Integer call() {
      JsonNode data = client.client().get("/api/v1/tasks");
      Output.print(
          new PrintWriter(System.out, false, System.out.charset()),
          data,
          format,
          List.of(
              new Output.Column("STEP", n -> n.path("step").asText()),
              new Output.Column("NAME", n -> n.path("name").asText()),
              new Output.Column("REQUEST", n -> n.path("request").asText()),
              new Output.Column(
                  "WHERE",
                  n -> n.path("application").asText() + "/" + n.path("environment").asText()),
              new Output.Column("WHO", n -> Output.text(n.get("approvers"))),
              new Output.Column("TO DO", n -> n.path("instructions").asText()),
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

    @Parameters(paramLabel = "STEP", description = "The step's id (shiplock tasks lists them).")
    long id;

    @Option(
        names = {"-m", "--comment"},
        required = true,
        description = "Your comment: what you checked or did (required).")
    String comment;

    abstract String verb();

    @Override
    public Integer call() {
      JsonNode r =
          client.client().post("/api/v1/steps/" + id + "/" + verb(), Map.of("comment", comment));
      System.out.println(
          "step "
              + id
              + ": "
              + switch (r.path("result").asText()) {
                case "CONFIRMED" -> "confirmed; the process goes on";
                case "REFUSED" -> "refused; the step failed";
                default -> r.path("result").asText();
              });
      return 0;
    }
  }

  @Command(
      name = "confirm",
      mixinStandardHelpOptions = true,
      description = "Confirms a manual step that waits for you; the process goes on.")
  static final class Confirm extends Decide {
    @Override
    String verb() {
      return "confirm";
    }
  }

  @Command(
      name = "refuse",
      mixinStandardHelpOptions = true,
      description = "Refuses a manual step that waits for you; the step fails with your comment.")
  static final class Refuse extends Decide {
    @Override
    String verb() {
      return "refuse";
    }
  }
}
