package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.cli.CliRunner;
import io.shiplock.core.security.SecretBox;
import io.shiplock.store.DatabaseConfig;
import io.shiplock.store.TestDatabases;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shiplock backup} of a running server after a real pipeline (a version with a file, shell
 * steps on a real agent process), {@code shiplock restore} into a fresh target, a server started on
 * it: the export is byte-identical, inventory and audit match, the version's file downloads to an
 * agent with the same hash. Damaged, truncated and non-empty targets and a wrong key are refused
 * with messages that say so, and leave the target as it was. On the embedded store and PostgreSQL.
 */
class BackupRestoreTest {
  private static final String CONFIG =
      """
      kind: Agent
      name: worker
      ---
      kind: Component
      name: Svc
      properties:
        apiToken: {secure: true, value: "backup-canary-7f3a"}
      processes:
        - name: deploy
          steps:
            - {name: fetch, type: files.download, with: {dir: deploy}}
            - {name: hash, type: shell, with: {script: "sha256sum deploy/app.txt"}}
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - name: deploy
          steps:
            - {name: deploy, type: component.install, with: {component: Svc, process: deploy}}
        - name: reinstall
          steps:
            - {name: deploy, type: component.install, with: {component: Svc, process: deploy, force: true}}
      ---
      kind: Environment
      application: App
      name: Dev
      resources:
        - agent: worker
          children: [{component: Svc}]
      """;

  private static final String FILE_CONTENT = "the version's file, backed up and restored\n";

  @TempDir Path dir;

  @Test
  void theEmbeddedStoreIsBackedUpRunningAndRestoredIntoAFreshHome() throws Exception {
    roundTrip(List.of(), List.of(), null);
  }

  @Test
  void anH2HomeIsBackedUpRunningAndRestoredIntoAFreshHome() throws Exception {
    // A home made before SQLite became the embedded store holds db/shiplock.mv.db; the restored
    // home gets the same file, which the server opens as H2 again without being told.
    roundTrip(
        List.of("--db", "jdbc:h2:file:" + dir.resolve("original/home/db/shiplock")),
        List.of(),
        null);
    assertThat(dir.resolve("restored/home/db/shiplock.mv.db")).isRegularFile();
    assertThat(dir.resolve("restored/home/db/shiplock.sqlite")).doesNotExist();
  }

  @Test
  void postgresqlIsBackedUpRunningAndRestoredIntoAnEmptyDatabase() throws Exception {
    DatabaseConfig original = TestDatabases.postgres();
    DatabaseConfig restored = TestDatabases.postgres();
    roundTrip(List.of("--db", original.url()), List.of("--db", restored.url()), original);
  }

  /** What a server shows of its state, to compare an original with its restored copy. */
  private record State(
      String export, String inventory, String history, String files, JsonNode audit) {}

  private void roundTrip(
      List<String> originalStore, List<String> restoredStore, DatabaseConfig used)
      throws Exception {
    Path build = Files.createDirectories(dir.resolve("build"));
    Files.writeString(build.resolve("app.txt"), FILE_CONTENT);
    String fileHash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(FILE_CONTENT.getBytes(StandardCharsets.UTF_8)));
    Path backup = dir.resolve("backups/shiplock.zip");

    ServerProcesses original =
        new ServerProcesses(Files.createDirectories(dir.resolve("original")));
    State before;
    try (JavaProcess server = original.start(Map.of(), originalStore.toArray(String[]::new))) {
      String token = login(original);
      original.logIn();
      assertThat(original.apply("app.yaml", CONFIG)).isTrue();
      try (JavaProcess agent = original.agent("worker")) {
        CliRunner.Run created =
            cli(
                original,
                token,
                "versions",
                "create",
                "--component",
                "Svc",
                "--name",
                "1.0",
                "--from",
                build.toString());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(run(original, "deploy")).contains(fileHash);
        assertThat(agent.isAlive()).isTrue();
      }
      CliRunner.Run taken = cli(original, token, "backup", "--to", backup.toString());
      assertThat(taken.code()).as(taken.err()).isZero();
      assertThat(taken.out()).contains("1 version file(s)").contains("keep a copy of it apart");
      before = state(original, token);
      // Secure values stay encrypted in the copy of the database.
      try (ZipFile zip = new ZipFile(backup.toFile())) {
        ZipEntry db =
            zip.stream().filter(e -> e.getName().startsWith("database/")).findFirst().orElseThrow();
        try (InputStream in = zip.getInputStream(db)) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1))
              .doesNotContain("backup-canary-7f3a");
        }
      }
      server.stop(Duration.ofSeconds(30));
    }
    Path key = dir.resolve("original/home/secret.key");

    // Refused, each before anything is written: the target stays absent.
    Path target = dir.resolve("restored/home");
    List<String> into = new ArrayList<>(List.of("--home", target.toString()));
    into.addAll(restoredStore);
    Path damaged = dir.resolve("backups/damaged.zip");
    byte[] bytes = Files.readAllBytes(backup);
    byte[] flipped = bytes.clone();
    flipped[flipped.length / 3] ^= 0x01;
    Files.write(damaged, flipped);
    assertRefused(restore(damaged, into, key), "is damaged", target);
    Path truncated = dir.resolve("backups/truncated.zip");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    assertRefused(restore(truncated, into, key), "is truncated", target);
    Path otherKey = dir.resolve("other.key");
    Files.writeString(otherKey, Base64.getEncoder().encodeToString(SecretBox.newKey()));
    assertRefused(restore(backup, into, otherKey), "does not match this backup", target);
    assertRefused(restore(backup, into, null), "--key FILE", target);
    if (used != null) {
      // A database in use is not a restore's target.
      List<String> busy = new ArrayList<>(List.of("--home", target.toString(), "--db", used.url()));
      assertRefused(restore(backup, busy, key), "is not empty", target);
    }

    CliRunner.Run restored = restore(backup, into, key);
    assertThat(restored.code()).as(restored.err()).isZero();
    assertThat(restored.out()).contains("1 version file(s)");
    assertThat(Files.readString(target.resolve("secret.key"))).isEqualTo(Files.readString(key));
    CliRunner.Run again = restore(backup, into, key);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("is not empty");

    ServerProcesses copy = new ServerProcesses(dir.resolve("restored"));
    try (JavaProcess server = copy.start(Map.of(), restoredStore.toArray(String[]::new))) {
      String token = login(copy);
      copy.logIn();
      State after = state(copy, token);
      assertThat(after.export()).isEqualTo(before.export());
      assertThat(after.inventory()).isEqualTo(before.inventory());
      assertThat(after.history()).isEqualTo(before.history());
      assertThat(after.files()).isEqualTo(before.files());
      // The log up to the backup's own entry; the restored one goes on with the logins since.
      long backupEntry = -1;
      for (JsonNode e : before.audit())
        if (e.get("action").asText().equals("backup.taken")) backupEntry = e.get("id").asLong();
      assertThat(upTo(after.audit(), backupEntry))
          .isEqualTo(upTo(before.audit(), backupEntry))
          .hasSizeGreaterThan(3);
      // The version's file reaches an agent of the restored server with the same content (the
      // restored inventory has 1.0 installed already: the reinstall forces it).
      try (JavaProcess agent = copy.agent("worker")) {
        assertThat(run(copy, "reinstall")).contains(fileHash);
        assertThat(agent.isAlive()).isTrue();
      }
      server.stop(Duration.ofSeconds(30));
    }
  }

  private static List<JsonNode> upTo(JsonNode audit, long id) {
    List<JsonNode> kept = new ArrayList<>();
    for (JsonNode e : audit) if (e.get("id").asLong() <= id) kept.add(e);
    return kept;
  }

  private static void assertRefused(CliRunner.Run run, String why, Path target) {
    assertThat(run.code()).as(run.out()).isEqualTo(1);
    assertThat(run.err()).contains(why);
    assertThat(target).doesNotExist();
  }

  private static CliRunner.Run restore(Path from, List<String> into, Path key) {
    List<String> args = new ArrayList<>(List.of("restore", "--from", from.toString()));
    args.addAll(into);
    if (key != null) args.addAll(List.of("--key", key.toString()));
    return CliRunner.exec(null, args.toArray(String[]::new));
  }

  /** A CLI command as its user types it, against {@code s} with {@code token}. */
  private static CliRunner.Run cli(ServerProcesses s, String token, String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.add("--server=" + s.base());
    a.add("--token=" + token);
    return CliRunner.exec(null, a.toArray(String[]::new));
  }

  private static String login(ServerProcesses s) throws Exception {
    return s.call(
            "POST",
            "/api/v1/login",
            "{\"user\": \"admin\", \"password\": \"" + ServerProcesses.ADMIN_PASSWORD + "\"}")
        .get("token")
        .asText();
  }

  private static State state(ServerProcesses s, String token) throws Exception {
    CliRunner.Run export = cli(s, token, "export");
    assertThat(export.code()).as(export.err()).isZero();
    return new State(
        export.out(),
        s.send("GET", "/api/v1/applications/App/inventory", null).body(),
        s.send("GET", "/api/v1/applications/App/inventory/history", null).body(),
        s.send("GET", "/api/v1/components/Svc/versions/1.0/files", null).body(),
        s.call("GET", "/api/v1/audit?limit=10000", null));
  }

  /** Runs {@code process} on version 1.0 to its end; the log of its hash step. */
  private static String run(ServerProcesses s, String process) throws Exception {
    long id =
        s.call(
                "POST",
                "/api/v1/requests",
                "{\"application\": \"App\", \"environment\": \"Dev\", \"process\": \""
                    + process
                    + "\", \"versions\": {\"Svc\": \"1.0\"}}")
            .get("id")
            .asLong();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                !List.of("QUEUED", "RUNNING")
                    .contains(s.call("GET", "/api/v1/requests/" + id, null).get("state").asText()));
    JsonNode request = s.call("GET", "/api/v1/requests/" + id, null);
    assertThat(request.get("state").asText()).as(request.toString()).isEqualTo("SUCCEEDED");
    for (JsonNode step : request.get("steps"))
      if (step.get("name").asText().equals("hash"))
        return s.call("GET", "/api/v1/steps/" + step.get("id").asLong() + "/log", null)
            .get("data")
            .asText();
    throw new AssertionError("no hash step in " + request);
  }
}
