package io.shiplock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a real server: what a user types and what they read. */
class CliTest {
  private static TestServer server;
  private static final String EXAMPLE = "../examples/continuous-test-services";

  private record Run(int code, String out, String err) {}

  @BeforeAll
  static void start() {
    server = new TestServer("h2");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Run exec(String stdin, String... args) {
    CliRunner.Run r = CliRunner.exec(stdin, args);
    return new Run(r.code(), r.out(), r.err());
  }

  /** A client command against the test server, as the admin. */
  private static Run run(String stdin, String... args) {
    String[] full = Arrays.copyOf(args, args.length + 2);
    full[args.length] = "--server=" + server.url();
    full[args.length + 1] = "--token=" + token;
    return exec(stdin, full);
  }

  private static String token;

  @BeforeAll
  static void token() {
    token = server.adminToken();
  }

  @Test
  void applyIsIdempotentAndPlanShowsChanges() {
    Run first = run(null, "apply", "-f", EXAMPLE);
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("+ create Component SimpleTopologyService")
        .contains("Applied: 19 to create");
    Run second = run(null, "apply", "-f", EXAMPLE);
    assertThat(second.out()).isEqualTo("No changes.\n");
    Run plan = run(null, "plan", "-f", EXAMPLE);
    assertThat(plan.out()).isEqualTo("Plan: no changes.\n");
  }

  @Test
  void invalidFilesFailWithEveryProblemOnStderr(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "kind: Status\nname: X\nscope: up\nunique: maybe\n");
    Run r = run(null, "apply", "-f", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("error: 2 problem(s) in the configuration; nothing was changed")
        .contains(
            "bad.yaml:3:8: scope: scope must be 'version', 'inventory' or 'snapshot', not 'up'")
        .contains("bad.yaml:4:9: unique: expected true or false, found string 'maybe'");
    Run missing = run(null, "apply", "-f", dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file or directory");
  }

  @Test
  void getPrintsTablesJsonAndYaml() {
    run(null, "apply", "-f", EXAMPLE);
    Run table = run(null, "get", "environments", "--app", "ContinuousTestServices");
    assertThat(table.out().lines().toList())
        .hasSize(6)
        .element(3)
        .asString()
        .contains("Production")
        .contains("FunctionalRegressionPassed");
    Run json = run(null, "get", "statuses", "-o", "json");
    assertThat(json.out()).contains("\"name\" : \"FunctionalRegressionPassed\"");
    Run yaml = run(null, "get", "component", "SimpleTopologyService");
    assertThat(yaml.out()).startsWith("kind: Component\nname: SimpleTopologyService\n");
    Run unknown = run(null, "get", "gizmos");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("unknown kind 'gizmos'");
  }

  @Test
  void getNodesShowsThisServerAsALiveNode() {
    String id = server.server().node().id();
    Run table = run(null, "get", "nodes");
    assertThat(table.out().lines().toList())
        .hasSize(2)
        .element(0)
        .asString()
        .startsWith("ID")
        .contains("ADDRESS", "STATUS", "LAST HEARTBEAT", "VERSION");
    assertThat(table.out().lines().toList().get(1))
        .contains(id, "127.0.0.1:" + server.server().port(), "live (this node)", "0.1.0");
    Run json = run(null, "get", "nodes", "-o", "json");
    assertThat(json.out()).contains("\"id\" : \"" + id + "\"", "\"self\" : true");
  }

  @Test
  void exportPrintsYamlThatPlansToNoChange(@TempDir Path dir) throws Exception {
    run(null, "apply", "-f", EXAMPLE);
    Run export = run(null, "export");
    Files.writeString(dir.resolve("export.yaml"), export.out());
    assertThat(run(null, "plan", "-f", dir.toString()).out()).isEqualTo("Plan: no changes.\n");
  }

  @Test
  void versionsAreCreatedAndListed() {
    run(null, "apply", "-f", EXAMPLE);
    Run created =
        run(
            null,
            "versions",
            "create",
            "--component",
            "SimpleTopologyService",
            "--name",
            "9.9.9",
            "--property",
            "commit=abc");
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(run(null, "get", "versions", "--component", "SimpleTopologyService").out())
        .contains("9.9.9");
    Run dup =
        run(null, "versions", "create", "--component", "SimpleTopologyService", "--name", "9.9.9");
    assertThat(dup.code()).isEqualTo(1);
    assertThat(dup.err()).contains("already has a version named '9.9.9'");
  }

  @Test
  void versionStatusesAreAddedAndRemovedByHand() {
    run(null, "apply", "-f", EXAMPLE);
    run(null, "versions", "create", "--component", "SimpleTopologyService", "--name", "7.7.7");
    String[] target = {"--component", "SimpleTopologyService", "--version", "7.7.7"};
    Run added = run(null, concat("versions status add", target, "FunctionalRegressionPassed"));
    assertThat(added.code()).as(added.err()).isZero();
    assertThat(added.out())
        .isEqualTo(
            "SimpleTopologyService 7.7.7: FunctionalRegressionPassed added"
                + " (statuses: FunctionalRegressionPassed)\n");
    assertThat(
            server
                .send("GET", "/api/v1/components/SimpleTopologyService/versions/7.7.7", token, null)
                .json()
                .get("statuses")
                .toString())
        .isEqualTo("[\"FunctionalRegressionPassed\"]");
    Run unknown = run(null, concat("versions status add", target, "Nope"));
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("error: no status named 'Nope'");
    Run inventory = run(null, concat("versions status add", target, "Loaded"));
    assertThat(inventory.code()).isEqualTo(1);
    assertThat(inventory.err()).contains("status 'Loaded' has scope 'inventory'");

    Run removed = run(null, concat("versions status remove", target, "FunctionalRegressionPassed"));
    assertThat(removed.code()).as(removed.err()).isZero();
    assertThat(removed.out())
        .isEqualTo(
            "SimpleTopologyService 7.7.7: FunctionalRegressionPassed removed (statuses: none)\n");
    Run again = run(null, concat("versions status remove", target, "FunctionalRegressionPassed"));
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err())
        .contains("SimpleTopologyService 7.7.7 does not have status 'FunctionalRegressionPassed'");
    assertThat(exec(null, "versions", "status", "add", "--help").out())
        .contains("Usage: shiplock versions status add")
        .contains("--version=V");
  }

  @Test
  void aManualTaskIsListedAndConfirmedWithAComment(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("manual.yaml"),
        """
        kind: Role
        name: checker
        permissions: [view, approve]
        ---
        kind: Application
        name: Careful
        components: []
        processes:
          - name: change
            steps:
              - {name: check-db, type: manual, with: {approvers: [checker], instructions: Look at the replica lag}}
              - {name: after, type: wait, with: {duration: 10ms}}
        ---
        kind: Environment
        application: Careful
        name: Live
        resources: [{name: nowhere}]
        """);
    assertThat(run(null, "apply", "-f", dir.toString()).code()).isZero();
    Run requested =
        run(null, "request", "--app", "Careful", "--env", "Live", "--process", "change");
    assertThat(requested.code()).as(requested.err()).isZero();
    String id = requested.out().split(" ")[1];
    Run tasks = run(null, "tasks");
    assertThat(tasks.out()).contains("check-db").contains("Look at the replica lag");
    String step =
        new ObjectMapper()
            .readTree(run(null, "tasks", "-o", "json").out())
            .get(0)
            .get("step")
            .asText();
    Run noComment = run(null, "confirm", step);
    assertThat(noComment.code()).isNotZero();
    assertThat(noComment.err()).contains("--comment");
    Run confirmed = run(null, "confirm", step, "--comment", "lag under a second");
    assertThat(confirmed.code()).as(confirmed.err()).isZero();
    assertThat(confirmed.out()).isEqualTo("step " + step + ": confirmed; the process goes on\n");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> run(null, "get", "requests", id, "-o", "json").out().contains("SUCCEEDED"));
    assertThat(run(null, "get", "requests", id, "-o", "json").out())
        .contains("\"comment\" : \"lag under a second\"");
  }

  private static String[] concat(String words, String[] middle, String last) {
    var all = new ArrayList<>(List.of(words.split(" ")));
    all.addAll(List.of(middle));
    all.add(last);
    return all.toArray(String[]::new);
  }

  @Test
  void aGateRefusalIsExplainedOnStderr() {
    run(null, "apply", "-f", EXAMPLE);
    run(null, "versions", "create", "--component", "SimpleTopologyService", "--name", "untested");
    Run r =
        run(
            null,
            "request",
            "--app",
            "ContinuousTestServices",
            "--env",
            "Production",
            "--process",
            "pull_run",
            "--version",
            "SimpleTopologyService:untested");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "the gate of environment 'Production' refuses SimpleTopologyService untested: missing status FunctionalRegressionPassed");
  }

  /** Snapshots from the CLI: made, listed, shown, and deployed through the gate. */
  @Test
  void snapshotsAreMadeListedShownAndGated() {
    run(null, "apply", "-f", EXAMPLE);
    run(null, "versions", "create", "--component", "SimpleTopologyService", "--name", "snap-v");
    Run made =
        run(
            null,
            "snapshots",
            "create",
            "--app",
            "ContinuousTestServices",
            "--name",
            "nightly",
            "--version",
            "SimpleTopologyService:snap-v");
    assertThat(made.code()).as(made.err()).isZero();
    assertThat(made.out())
        .isEqualTo(
            "created snapshot nightly of ContinuousTestServices: SimpleTopologyService snap-v\n");
    Run list = run(null, "snapshots", "list", "--app", "ContinuousTestServices");
    assertThat(list.out())
        .contains("NAME")
        .contains("nightly")
        .contains("SimpleTopologyService snap-v");
    Run json =
        run(
            null,
            "snapshots",
            "show",
            "--app",
            "ContinuousTestServices",
            "--name",
            "nightly",
            "-o",
            "json");
    assertThat(json.out()).contains("\"version\" : \"snap-v\"");
    Run both =
        run(
            null,
            "snapshots",
            "create",
            "--app",
            "ContinuousTestServices",
            "--name",
            "x",
            "--version",
            "SimpleTopologyService:snap-v",
            "--from-env",
            "Production");
    assertThat(both.code()).isNotZero();
    assertThat(both.err()).contains("mutually exclusive");
    Run gated =
        run(
            null,
            "request",
            "--app",
            "ContinuousTestServices",
            "--env",
            "Production",
            "--process",
            "pull_run",
            "--snapshot",
            "nightly");
    assertThat(gated.code()).isEqualTo(1);
    assertThat(gated.err())
        .contains(
            "the gate of environment 'Production' refuses SimpleTopologyService snap-v: missing status FunctionalRegressionPassed");
    Run missing =
        run(null, "snapshots", "show", "--app", "ContinuousTestServices", "--name", "nope");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err())
        .contains("application 'ContinuousTestServices' has no snapshot named 'nope'");
  }

  @Test
  void componentPropertiesOfAnEnvironmentAreListedWithTheirSource() {
    run(null, "apply", "-f", EXAMPLE);
    Run r =
        run(
            null,
            "get",
            "component-properties",
            "--app",
            "ContinuousTestServices",
            "--env",
            "Production");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("SimpleTopologyService")
        .contains("imageId")
        .contains("containerId")
        .contains("default");
    Run missing = run(null, "get", "component-properties", "--app", "ContinuousTestServices");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("--env");
  }

  @Test
  void logsOfAStepTheRequestDoesNotHaveNameItAndFail(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("nap.yaml"),
        """
        kind: Application
        name: Napping
        components: []
        processes:
          - {name: nap, steps: [{name: doze, type: wait, with: {duration: 10ms}}]}
        ---
        kind: Environment
        application: Napping
        name: Bed
        resources: [{name: nowhere}]
        """);
    assertThat(run(null, "apply", "-f", dir.toString()).code()).isZero();
    Run requested = run(null, "request", "--app", "Napping", "--env", "Bed", "--process", "nap");
    assertThat(requested.code()).as(requested.err()).isZero();
    String id = requested.out().split(" ")[1];
    // --follow returns once the request has ended; the step exists, it just prints nothing.
    Run known = run(null, "logs", id, "--step", "doze", "--follow");
    assertThat(known.code()).as(known.err()).isZero();
    Run unknown = run(null, "logs", id, "--step", "nosuch");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err())
        .contains("error: request " + id + " has no step 'nosuch'")
        .contains("doze");
  }

  @Test
  void aRequestScheduledWithAtIsShownScheduledAndCanBeCanceled(@TempDir Path dir) throws Exception {
    Instant from = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MINUTES);
    Instant until = from.plus(Duration.ofDays(1));
    Files.writeString(
        dir.resolve("later.yaml"),
        """
        kind: Application
        name: Later
        components: []
        processes:
          - {name: nap, steps: [{name: doze, type: wait, with: {duration: 10ms}}]}
        ---
        kind: Environment
        application: Later
        name: Night
        resources: [{name: nowhere}]
        ---
        kind: Schedule
        name: nightly-nap
        application: Later
        environment: Night
        process: nap
        cron: "0 22 * * *"
        timeZone: Europe/Paris
        paused: true
        ---
        kind: Blackout
        name: maintenance
        application: Later
        environments: [Night]
        reason: data centre move
        from: %s
        until: %s
        """
            .formatted(from, until));
    assertThat(run(null, "apply", "-f", dir.toString()).code()).isZero();
    assertThat(run(null, "get", "schedules").out())
        .contains("nightly-nap")
        .contains("0 22 * * * (Europe/Paris)")
        .contains("nap on Night")
        .contains("paused");
    assertThat(run(null, "get", "blackouts").out())
        .contains("maintenance")
        .contains(from + " until " + until)
        .contains("data centre move");

    String at = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES).toString();
    String[] request = {"request", "--app", "Later", "--env", "Night", "--process", "nap", "--at"};
    Run scheduled = run(null, concat(request, at));
    assertThat(scheduled.code()).as(scheduled.err()).isZero();
    assertThat(scheduled.out()).matches("request \\d+ SCHEDULED for " + at + "\\s*");
    String id = scheduled.out().split(" ")[1];
    Run canceled = run(null, "cancel", id);
    assertThat(canceled.code()).as(canceled.err()).isZero();
    Run past = run(null, concat(request, "2020-01-01T00:00Z"));
    assertThat(past.code()).isEqualTo(1);
    assertThat(past.err()).contains("scheduled for 2020-01-01T00:00:00Z, which has passed");

    String inWindow = from.plus(Duration.ofHours(1)).toString();
    Run refused = run(null, concat(request, inWindow));
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err())
        .contains("is in blackout window 'maintenance'")
        .contains("--after-blackout");
    Run waits = run(null, concat(request, inWindow, "--after-blackout"));
    assertThat(waits.code()).as(waits.err()).isZero();
    assertThat(waits.out()).matches("request \\d+ SCHEDULED for " + until + "\\s*");
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  @Test
  void tokensCreatePrintsTheTokenAlone() {
    Run r = run(null, "tokens", "create", "ci-bot");
    assertThat(r.out()).matches("slk_[0-9A-Za-z]{40}\n");
  }

  @Test
  void loginRefusesPasswordsOutsideStdinAndWrongOnes() {
    // Credentials go to $SHIPLOCK_CONFIG_DIR or ~/.config; here only the refusal paths are run so
    // the developer's own credentials are never touched.
    Run noStdin = exec(null, "login", "--user", "admin", "--server", server.url());
    assertThat(noStdin.code()).isEqualTo(1);
    assertThat(noStdin.err()).contains("--password-stdin");
    Run wrong =
        exec("wrong\n", "login", "--user", "admin", "--password-stdin", "--server", server.url());
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).contains("wrong user name or password");
  }

  @Test
  void getShowsPeopleSourcesAndTriggers(@TempDir Path dir) throws Exception {
    run(null, "apply", "-f", EXAMPLE);
    assertThat(run(null, "get", "teams").out())
        .contains("release-managers")
        .contains("approver@ContinuousTestServices[Public DockerHub]");
    assertThat(run(null, "get", "roles").out()).contains("deployer").contains("view,request");
    Files.writeString(
        dir.resolve("src.yaml"),
        """
        kind: Source
        name: s
        component: SimpleTopologyService
        git: {url: "file:///tmp/x"}
        ---
        kind: Trigger
        name: t
        application: ContinuousTestServices
        component: SimpleTopologyService
        when: statusAdded
        status: FunctionalRegressionPassed
        process: pull_run
        environment: Production
        """);
    assertThat(run(null, "apply", "-f", dir.resolve("src.yaml").toString()).code()).isZero();
    assertThat(run(null, "get", "sources").out()).contains("file:///tmp/x (main)");
    assertThat(run(null, "get", "triggers").out())
        .contains("statusAdded FunctionalRegressionPassed of SimpleTopologyService")
        .contains("pull_run on Production");
  }

  @Test
  void insightsPrintATableOrJsonAndNameABadPeriod() {
    run(null, "apply", "-f", EXAMPLE);
    Run table =
        run(
            null,
            "insights",
            "--app",
            "ContinuousTestServices",
            "--env",
            "Production",
            "--since",
            "7d");
    assertThat(table.code()).as(table.err()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("from ");
    assertThat(lines.get(1))
        .startsWith("ENVIRONMENT")
        .contains("DEPLOYMENTS", "PER WEEK", "LEAD TIME (MEDIAN)", "CHANGE FAILURE RATE");
    // Other tests of this class deploy to Production: its figures are theirs to set.
    assertThat(lines.get(2)).startsWith("Production");
    Run json = run(null, "insights", "--app", "ContinuousTestServices", "-o", "json");
    assertThat(json.out())
        .contains("\"environment\" : \"Integration Test\"")
        .contains("\"timeToRestoreMedianSeconds\" : ")
        .contains("\"weeks\" : [");
    Run bad = run(null, "insights", "--app", "ContinuousTestServices", "--since", "lately");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("since must be an instant").contains("not 'lately'");
  }

  @Test
  void compareShowsTwoEnvironmentsMarksDifferencesAndNamesAnUnknownOne() {
    run(null, "apply", "-f", EXAMPLE);
    Run table =
        run(null, "compare", "--app", "ContinuousTestServices", "Integration Test", "Production");
    assertThat(table.code()).as(table.err()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).contains("WHAT", "INTEGRATION TEST", "PRODUCTION");
    assertThat(lines)
        .as("the slot property differs, and is marked")
        .anyMatch(l -> l.startsWith("*") && l.contains("property slot"));
    assertThat(lines.getLast()).endsWith("difference(s)");
    Run json =
        run(
            null,
            "compare",
            "--app",
            "ContinuousTestServices",
            "Integration Test",
            "Production",
            "-o",
            "json");
    assertThat(json.out())
        .contains("\"left\" : \"Integration Test\"")
        .contains("\"differences\" : ");
    Run unknown =
        run(null, "compare", "--app", "ContinuousTestServices", "Integration Test", "Nowhere");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no environment named 'Nowhere'");
  }

  @Test
  void everyCommandHasHelp() {
    for (String cmd :
        new String[] {
          "server",
          "demo",
          "login",
          "tokens",
          "apply",
          "plan",
          "export",
          "schema",
          "get",
          "request",
          "cancel",
          "logs",
          "agent",
          "agents",
          "approvals",
          "approve",
          "reject",
          "users",
          "audit",
          "versions",
          "version",
          "completion",
          "insights",
          "compare",
          "tasks",
          "confirm",
          "refuse"
        }) {
      Run r = exec(null, cmd, "--help");
      assertThat(r.code()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).contains("Usage: shiplock " + cmd);
    }
  }

  @Test
  void schemaIsPrintedWithoutAServerAndTheDocsCopyIsCurrent() throws Exception {
    Run r = exec(null, "schema");
    assertThat(r.out()).contains("\"$schema\" : \"https://json-schema.org/draft/2020-12/schema\"");
    assertThat(Files.readString(Path.of("../docs/shiplock.schema.json")))
        .as("docs/shiplock.schema.json is stale: ./shiplock schema > docs/shiplock.schema.json")
        .isEqualTo(r.out());
  }

  @Test
  void ucdExportsBecomeFilesThatApplyAndApplyAgainWithoutChange(@TempDir Path dir)
      throws Exception {
    Path exports = Path.of("../shiplock-core/src/test/resources/ucd");
    Files.writeString(
        dir.resolve("role.yaml"),
        "kind: Role\nname: release-managers\npermissions: [view, approve]\n");
    assertThat(run(null, "apply", "-f", dir.resolve("role.yaml").toString()).code()).isZero();

    Path out = dir.resolve("imported");
    Run imported =
        exec(
            null,
            "import",
            "ucd",
            exports.resolve("valid/jpetstore.json").toString(),
            "-o",
            out.toString());
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.err())
        .contains("wrote " + out.resolve("application-JPetStore.yaml"))
        .contains("note: ")
        .contains("/petstore/qa");
    Run applied = run(null, "apply", "-f", out.toString());
    assertThat(applied.code()).as(applied.err()).isZero();
    assertThat(applied.out()).contains("+ create Application JPetStore");
    // The same export again: the same files, nothing to change.
    assertThat(
            exec(
                    null,
                    "import",
                    "ucd",
                    exports.resolve("valid/jpetstore.json").toString(),
                    "-o",
                    out.toString())
                .code())
        .isZero();
    assertThat(run(null, "apply", "-f", out.toString()).out()).isEqualTo("No changes.\n");

    Run printed =
        exec(null, "import", "ucd", exports.resolve("valid/skip-unmapped.json").toString());
    assertThat(printed.code()).isEqualTo(1);
    assertThat(printed.err())
        .contains("--skip-unmapped leaves out steps")
        .contains(
            "skip-unmapped.json: $.components[0].processes[0].rootActivity.children[1]: plugin step"
                + " 'WebSphere Application Server - Deployment' / 'Stop Server' has no Shiplock step");
    Run skipped =
        exec(
            null,
            "import",
            "ucd",
            exports.resolve("valid/skip-unmapped.json").toString(),
            "--skip-unmapped");
    assertThat(skipped.code()).as(skipped.err()).isZero();
    assertThat(skipped.out()).startsWith("# application-Legacy.yaml\nkind: Component\n");
    assertThat(skipped.err()).contains("left out: ").contains("'Stop Server'");
  }
}
