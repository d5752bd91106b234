package io.shiplock.agent;

import static io.shiplock.agent.JsonAnswers.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent starts the work a result's answer hands over, and runs each (step, attempt) once even
 * when a poll that began before that answer is offered the same item again, during the step or
 * after it ended (issue 18). The server is the JDK's own HTTP server, which hands the item over
 * both ways on purpose: a real server does so only in that race.
 */
class NextWorkTest {
  @TempDir Path work;

  private static String item(long step, String script) {
    return "{\"stepId\": "
        + step
        + ", \"attempt\": 1, \"requestId\": 3, \"name\": \"s"
        + step
        + "\", \"type\": \"shell\", \"with\": {\"script\": \""
        + script
        + "\"}, \"mask\": [], \"dispatchedAtMicros\": 0}";
  }

  // An IP literal: no name is looked up, so there is no address to choose.
  @SuppressWarnings("AddressSelection")
  @Test
  void workInAResultsAnswerRunsAndRunsOnceWhenAPollOffersItToo() throws Exception {
    Path runs = work.resolve("runs.txt");
    String second = item(10, "echo ran >> " + runs);
    List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
    AtomicInteger poll = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/agent/hello", x -> answer(x, "{\"agent\": \"a\"}"));
    server.createContext(
        "/api/v1/agent/work",
        x -> {
          int n = poll.incrementAndGet();
          pause(); // a poll that answers at once would make the agent spin
          // The first poll hands step 9; once its result came, every poll offers step 10 again
          // (the race's worst case: while it runs and after it ended).
          answer(
              x,
              "{\"work\": ["
                  + (n == 1 ? item(9, "echo 9") : results.isEmpty() ? "" : second)
                  + "], \"cancel\": []}");
        });
    server.createContext(
        "/api/v1/agent/steps/",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String path = x.getRequestURI().getPath();
          if (path.endsWith("/started")) {
            answer(x, "{\"ok\": true}");
            return;
          }
          Map<String, Object> result = MiniJson.object(body);
          result.put("step", path);
          results.add(result);
          answer(
              x,
              path.endsWith("/9/result")
                  ? "{\"applied\": \"APPLIED\", \"work\": [" + second + "]}"
                  : "{\"applied\": \"APPLIED\", \"work\": []}");
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    try (Agent agent = new Agent(new AgentSettings(url, "token", "a", work)).start()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> results.stream().anyMatch(r -> r.get("step").toString().contains("/10/")));
      // Polls go on offering step 10 after it ended: let a few of them come.
      int after = poll.get();
      await().atMost(Duration.ofSeconds(20)).until(() -> poll.get() >= after + 3);
      assertThat(results)
          .extracting(r -> r.get("step"))
          .containsExactly("/api/v1/agent/steps/9/result", "/api/v1/agent/steps/10/result");
      assertThat(results).allSatisfy(r -> assertThat(r).containsEntry("next", true));
      assertThat(Files.readAllLines(runs)).containsExactly("ran");
      assertThat(agent.isStopped()).isFalse();
    } finally {
      server.stop(0);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
