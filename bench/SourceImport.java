import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.core.config.SourceFile;
import io.shiplock.server.ServerSettings;
import io.shiplock.server.ShiplockServer;
import io.shiplock.server.notify.Notifier;
import io.shiplock.server.sources.SourceAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.eclipse.jgit.api.Git;

/**
 * Sources: (1) import of a repository whose tree holds 50 MB (500 files of 100 KB), then of a
 * commit that changes one file (blobs stored once); (2) commit to first step running, by a signed
 * webhook and by polling (interval 2 s), through a versionCreated trigger.
 */
public class SourceImport {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static String url;
  static String token;

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("shiplock-bench-sources");
    Path home = work.resolve("home");
    ShiplockServer server =
        ShiplockServer.start(
            new ServerSettings(
                "127.0.0.1", 0, home, null, null, null, "bench-admin-password",
                SourceAccess.defaults().withFileRoot(work)), // the repositories are under work
            System.getenv());
    url = "http://127.0.0.1:" + server.port();
    long adminId = server.store().read(r -> r.users().find("admin")).orElseThrow().id();
    token = server.auth().issue(adminId, "bench", Duration.ofHours(1)).token();
    Path repo = work.resolve("repo");
    Path hookRepo = work.resolve("hook-repo");
    Path pollRepo = work.resolve("poll-repo");
    Git git = Git.init().setInitialBranch("main").setDirectory(repo.toFile()).call();
    Random random = new Random(42);
    byte[] data = new byte[100 * 1024];
    for (int i = 0; i < 500; i++) {
      random.nextBytes(data);
      Path f = repo.resolve("data/d" + (i / 50) + "/f" + i + ".bin");
      Files.createDirectories(f.getParent());
      Files.write(f, data);
    }
    git.add().addFilepattern(".").call();
    git.commit().setMessage("50 MB").call();
    Git hook = init(hookRepo);
    Git poll = init(pollRepo);
    server.config().apply(List.of(new SourceFile("bench.yaml", """
        kind: Component
        name: Big
        properties: {hookSecret: {secure: true, value: s3cret}}
        ---
        kind: Component
        name: Hooked
        properties: {hookSecret: {secure: true, value: s3cret}}
        ---
        kind: Component
        name: Polled
        ---
        kind: Application
        name: App
        components: [Big, Hooked, Polled]
        processes:
          - {name: go, steps: [{name: first, type: wait, with: {duration: 10ms}}]}
        ---
        kind: Environment
        application: App
        name: Env
        ---
        kind: Source
        name: big
        component: Big
        git: {url: "file://%s", branch: main}
        ---
        kind: Source
        name: hooked
        component: Hooked
        git: {url: "file://%s", branch: main}
        webhookSecret: hookSecret
        ---
        kind: Source
        name: polled
        component: Polled
        git: {url: "file://%s", branch: main}
        pollInterval: 2s
        ---
        kind: Trigger
        name: on-hook
        application: App
        component: Hooked
        when: versionCreated
        process: go
        environment: Env
        ---
        kind: Trigger
        name: on-poll
        application: App
        component: Polled
        when: versionCreated
        process: go
        environment: Env
        """.formatted(repo, hookRepo, pollRepo))), false);

    long t0 = System.nanoTime();
    post("/api/v1/components/Big/import", "{}", null, null);
    double first = (System.nanoTime() - t0) / 1e9;
    long blobsBefore = count(home.resolve("blobs"));
    random.nextBytes(data);
    Files.write(repo.resolve("data/d0/f0.bin"), data);
    git.add().addFilepattern(".").call();
    git.commit().setMessage("one file").call();
    t0 = System.nanoTime();
    post("/api/v1/components/Big/import", "{}", null, null);
    double second = (System.nanoTime() - t0) / 1e9;
    long blobsAfter = count(home.resolve("blobs"));
    System.out.printf("import of a 50 MB tree (500 files): %.2f s; blobs %d%n", first, blobsBefore);
    System.out.printf(
        "import of the next commit (1 file changed): %.2f s; blobs %d (+%d)%n",
        second, blobsAfter, blobsAfter - blobsBefore);

    // Webhook: post, then wait for the first step of the triggered request.
    post("/api/v1/components/Hooked/import", "{}", null, null); // the first import takes the head
    Thread.sleep(3000); // the polled source's first import and its request settle
    for (int i = 0; i < 5; i++) {
      int before = requests();
      Instant at = Instant.now();
      commit(hook, hookRepo, "hook " + i);
      // Each push is another body and another delivery id: the same one twice is refused as a replay.
      String body = "{\"ref\": \"refs/heads/main\", \"after\": \"" + hook.getRepository().resolve("main").name() + "\"}";
      post("/api/v1/hooks/git/hooked", body, "X-Hub-Signature-256", "sha256=" + Notifier.hmac("s3cret", body), "X-GitHub-Delivery", "bench-" + i);
      System.out.printf("webhook: commit to first step running %d ms%n", firstStep(at, before + 1).toMillis());
    }
    // Polling every 2 s: the commit lands at a random point of the interval.
    for (int i = 0; i < 3; i++) {
      Thread.sleep(700 * (i + 1));
      int before = requests();
      Instant at = Instant.now();
      commit(poll, pollRepo, "poll " + i);
      System.out.printf(
          "polling (2 s): commit to first step running %d ms%n", firstStep(at, before + 1).toMillis());
    }
    server.close();
  }

  static Git init(Path dir) throws Exception {
    Git g = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call();
    commit(g, dir, "base");
    return g;
  }

  static void commit(Git g, Path dir, String what) throws Exception {
    Files.writeString(dir.resolve("file.txt"), what + " " + System.nanoTime());
    g.add().addFilepattern(".").call();
    g.commit().setMessage(what).call();
  }

  /** Waits until request number {@code n} has a started step; the time from {@code at}. */
  static Duration firstStep(Instant at, int n) throws Exception {
    for (int i = 0; i < 2000; i++) {
      JsonNode reqs = JSON.readTree(get("/api/v1/requests?limit=1000"));
      if (reqs.size() >= n) {
        long id = reqs.get(0).get("id").asLong();
        JsonNode r = JSON.readTree(get("/api/v1/requests/" + id));
        for (JsonNode s : r.get("steps"))
          if (s.hasNonNull("startedAt"))
            return Duration.between(at, Instant.parse(s.get("startedAt").asText()));
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("no request " + n);
  }

  static int requests() throws Exception {
    return JSON.readTree(get("/api/v1/requests?limit=1000")).size();
  }

  static long count(Path dir) throws Exception {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  static String get(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static void post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0 && headers[0] != null) b.headers(headers);
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
  }
}
