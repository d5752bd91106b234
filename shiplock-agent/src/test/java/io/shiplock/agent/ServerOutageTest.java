package io.shiplock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.shiplock.core.artifacts.FileTree;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step that starts while the server is down (restarting) waits for the server to fetch its
 * version's files, instead of failing with "Connection refused". The server here is the JDK's own
 * HTTP server answering the two agent routes, started only after the agent began asking: the outage
 * is what is under test, and a real Shiplock cannot be made to come up at a chosen moment after a
 * claim (the end-to-end crash tests cover the rest of the protocol).
 */
class ServerOutageTest {
  @TempDir Path work;

  // An IP literal: no name is looked up, so there is no address to choose.
  @SuppressWarnings("AddressSelection")
  @Test
  void versionFilesWaitForAServerThatIsDownWhenTheStepStarts() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    byte[] content = "hello\n".getBytes(StandardCharsets.UTF_8);
    Path sample = Files.write(work.resolve("sample"), content);
    String digest = FileTree.digest(sample);
    ServerClient client = new ServerClient("http://127.0.0.1:" + port, "token");
    VersionFiles files = new VersionFiles(client, work.resolve("agent"));
    Path dir = work.resolve("run").resolve("versions").resolve("Svc");

    CompletableFuture<Integer> placed =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return files.place(7, dir);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(1500); // the server is down: the agent's first calls are refused
    assertThat(placed).as("still waiting for the server").isNotDone();

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/api/v1/agent/versions/7/files",
        x -> {
          byte[] body =
              ("{\"files\": [{\"path\": \"app/hello.txt\", \"digest\": \"" + digest + "\"}]}")
                  .getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    server.createContext(
        "/api/v1/agent/blobs/",
        x -> {
          x.sendResponseHeaders(200, content.length);
          x.getResponseBody().write(content);
          x.close();
        });
    server.start();
    try {
      assertThat(placed.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(Files.readString(dir.resolve("app/hello.txt"))).isEqualTo("hello\n");
    } finally {
      server.stop(0);
    }
  }
}
