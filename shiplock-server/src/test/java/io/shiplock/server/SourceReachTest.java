package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shiplock.core.config.SourceFile;
import io.shiplock.server.sources.SourceAccess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a source may reach, with real git repositories and real HTTP servers: file:// only under the
 * configured root, the allowed schemes and hosts, never a redirect to another host or port, and a
 * last error that names what failed without repeating what the remote answered.
 */
class SourceReachTest {
  private static final String INTERNAL = "internal-only: db password is hunter2";

  @TempDir Path dir;
  private TestServer server;
  private HttpServer http;

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (http != null) http.stop(0);
  }

  private String start(SourceAccess access) {
    server = new TestServer("sqlite", Map.of(), access);
    return server.adminToken();
  }

  private void apply(String admin, String source) {
    String yaml =
        """
        kind: Component
        name: Svc
        ---
        kind: Source
        name: src
        component: Svc
        %s
        """
            .formatted(source);
    var r = server.apply(admin, List.of(new SourceFile("c.yaml", yaml)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private String importError(String admin) {
    var r = server.send("POST", "/api/v1/components/Svc/import", admin, null);
    assertThat(r.status()).as(r.body()).isEqualTo(502);
    JsonNode state = server.send("GET", "/api/v1/components/Svc/sources", admin, null).json();
    String lastError = state.get(0).get("lastError").asText();
    assertThat(r.json().get("message").asText()).isEqualTo(lastError);
    return lastError;
  }

  private Path repository(String name) throws Exception {
    Path repo = dir.resolve(name);
    try (Git git = Git.init().setInitialBranch("main").setDirectory(repo.toFile()).call()) {
      Files.writeString(repo.resolve("a.txt"), "a\n");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("one").call();
    }
    return repo;
  }

  private static String git(String url) {
    return "git: {url: \"" + url + "\", branch: main}";
  }

  @Test
  void fileSourcesAreOffByDefault() throws Exception {
    String admin = start(SourceAccess.defaults());
    apply(admin, git(repository("repo").toUri().toString()));
    assertThat(importError(admin)).contains("file:// sources are off").contains("--source-root");
    assertThat(server.send("GET", "/api/v1/components/Svc/versions", admin, null).json()).isEmpty();
  }

  @Test
  void fileSourcesAreReadOnlyUnderTheRoot() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    String admin = start(SourceAccess.defaults().withFileRoot(root));
    Path outside = repository("outside");
    apply(admin, git(outside.toUri().toString()));
    assertThat(importError(admin)).contains("is outside the source root " + root);
    // A link under the root that points outside is outside.
    Files.createSymbolicLink(root.resolve("link"), outside);
    apply(admin, git(root.resolve("link").toUri().toString()));
    assertThat(importError(admin)).contains("is outside the source root");

    apply(admin, git(repository("root/inside").toUri().toString()));
    var ok = server.send("POST", "/api/v1/components/Svc/import", admin, null);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().get(0).get("created")).hasSize(1);
  }

  @Test
  void schemesAndHostsOutsideTheListsAreRefused() {
    String admin =
        start(
            new SourceAccess(
                Set.of("https"), List.of("git.example.com", "*.corp.test:8443"), null));
    apply(admin, git("http://git.example.com/a.git"));
    assertThat(importError(admin)).contains("the scheme 'http' is not allowed (allowed: [https])");
    apply(admin, git("https://169.254.169.254/latest.git"));
    assertThat(importError(admin)).contains("the host 169.254.169.254:443 is not allowed");
    apply(admin, git("https://git.corp.test/a.git"));
    assertThat(importError(admin)).contains("the host git.corp.test:443 is not allowed");
    apply(admin, git("git@git.example.com:team/a.git"));
    assertThat(importError(admin)).contains("the scheme 'ssh' is not allowed");
  }

  /** Counts what it is asked and answers with {@code status} and a body meant to stay inside. */
  private static final class Internal {
    final AtomicInteger requests = new AtomicInteger();
    final HttpServer server;

    Internal(int status) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          x -> {
            requests.incrementAndGet();
            answer(x, status, INTERNAL + "\n" + INTERNAL);
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }
  }

  private static void answer(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "text/plain");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  @Test
  void aRedirectToAnotherPortIsNotFollowed() throws Exception {
    Internal internal = new Internal(200);
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.createContext(
          "/",
          x -> {
            String target = internal.url() + x.getRequestURI();
            x.getResponseHeaders().add("Location", target);
            x.sendResponseHeaders(302, -1);
            x.close();
          });
      http.start();
      String admin = start(SourceAccess.defaults());
      apply(admin, git("http://127.0.0.1:" + http.getAddress().getPort() + "/team/app.git"));
      String error = importError(admin);
      assertThat(internal.requests).as("the internal service was never asked").hasValue(0);
      assertThat(error)
          .contains(
              "redirected from 127.0.0.1:"
                  + http.getAddress().getPort()
                  + " to 127.0.0.1:"
                  + internal.server.getAddress().getPort()
                  + ", another host or port: refused");
    } finally {
      internal.server.stop(0);
    }
  }

  @Test
  void theLastErrorNamesWhatFailedNeverWhatTheRemoteAnswered() throws Exception {
    Internal ok = new Internal(200);
    Internal failing = new Internal(500);
    try {
      String admin = start(SourceAccess.defaults());
      apply(admin, git(ok.url() + "/team/app.git"));
      String notGit = importError(admin);
      apply(admin, git(failing.url() + "/team/app.git"));
      String status = importError(admin);
      apply(admin, "registry: {url: \"" + ok.url() + "\", repository: team/app}");
      String registry = importError(admin);
      apply(admin, "registry: {url: \"" + failing.url() + "\", repository: team/app}");
      String registryStatus = importError(admin);
      for (String e : List.of(notGit, status, registry, registryStatus))
        assertThat(e).doesNotContain("internal-only").doesNotContain("hunter2");
      System.out.printf(
          "lastError:%n  %s%n  %s%n  %s%n  %s%n", notGit, status, registry, registryStatus);
      assertThat(notGit).startsWith("import of " + ok.url() + "/team/app.git (main) failed: ");
      assertThat(status).contains("500");
      assertThat(registry)
          .contains("the registry at 127.0.0.1:" + ok.server.getAddress().getPort())
          .contains("not JSON");
      assertThat(registryStatus).contains("answered 500");
    } finally {
      ok.server.stop(0);
      failing.server.stop(0);
    }
  }
}
