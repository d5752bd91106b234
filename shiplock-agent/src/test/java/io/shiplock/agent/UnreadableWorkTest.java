package io.shiplock.agent;

import static io.shiplock.agent.JsonAnswers.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A work item without a required field (from a server of another version) is not run with a
 * default: its step fails with a message naming the field, and the agent keeps polling. The server
 * is the JDK's own HTTP server, since a real Shiplock never writes such an item.
 */
class UnreadableWorkTest {
  @TempDir Path work;

  // An IP literal: no name is looked up, so there is no address to choose.
  @SuppressWarnings("AddressSelection")
  @Test
  void aWorkItemWithoutItsTypeFailsItsStepNamingTheField() throws Exception {
    Map<String, Map<String, Object>> results = new ConcurrentHashMap<>();
    AtomicBoolean sent = new AtomicBoolean();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/agent/hello", x -> answer(x, "{\"agent\": \"a\"}"));
    server.createContext(
        "/api/v1/agent/work",
        x ->
            answer(
                x,
                sent.getAndSet(true)
                    ? "{\"work\": [], \"cancel\": []}"
                    : "{\"work\": [{\"stepId\": 9, \"attempt\": 1, \"requestId\": 3,"
                        + " \"name\": \"say\", \"with\": {}, \"mask\": [],"
                        + " \"dispatchedAtMicros\": 0}], \"cancel\": []}"));
    server.createContext(
        "/api/v1/agent/steps/9/result",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          results.put("9", MiniJson.object(body));
          answer(x, "{\"applied\": \"APPLIED\"}");
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    try (Agent agent = new Agent(new AgentSettings(url, "token", "a", work)).start()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> results.containsKey("9"));
      assertThat(results.get("9"))
          .containsEntry("attempt", 1L)
          .containsEntry("state", "FAILED")
          .containsEntry("message", "work item: 'type' is missing");
      assertThat(agent.isStopped()).isFalse();
    } finally {
      server.stop(0);
    }
  }
}
