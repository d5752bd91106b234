package io.shiplock.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * An agent whose result reached one node may send it again to another (its connection broke before
 * the answer came, and it failed over). The same result (step and attempt) posted to two nodes at
 * once, and once more later, is applied once: the step ends once with its outputs and its log tail
 * once, and the next step is handed out once.
 */
class ResultsOnceAcrossNodesTest {
  private static final int STEPS = 4;

  @Test
  void theSameResultPostedToTwoNodesAtOnceAndAgainLaterIsAppliedOnce() throws Exception {
    try (Cluster cluster = new Cluster(2, Map.of());
        ExecutorService threads = Executors.newFixedThreadPool(2)) {
      cluster.apply(Cluster.pipeline(STEPS, i -> "echo step " + i));
      TestServer a = cluster.node(0);
      TestServer b = cluster.node(1);
      String admin = a.adminToken();
      String agent = a.agentToken(admin, "worker");
      a.hello(agent);
      Cluster.version(a, admin, "Svc", "1.0");
      long id = Cluster.request(a, admin, "DEV", "1.0");

      Set<Long> handedOut = new HashSet<>();
      for (int i = 1; i <= STEPS; i++) {
        // The work comes through either node; nothing else waits.
        JsonNode work = (i % 2 == 0 ? b : a).oneWork(agent);
        long step = work.get("stepId").asLong();
        assertThat(handedOut.add(step)).as("step %d handed out twice", step).isTrue();
        String result =
            """
            {"attempt": 1, "state": "SUCCEEDED", "outputs": {"done": "%d"},
             "log": {"attempt": 1, "seq": 0, "data": "output of step %d\\n"}}"""
                .formatted(i, i);
        String path = "/api/v1/agent/steps/" + step + "/result";
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestServer.Response>> posts = new ArrayList<>();
        for (TestServer node : List.of(a, b))
          posts.add(
              threads.submit(
                  () -> {
                    go.await();
                    return node.send("POST", path, agent, result);
                  }));
        go.countDown();
        List<String> applied = new ArrayList<>();
        for (var f : posts) {
          TestServer.Response r = f.get();
          assertThat(r.status()).as(r.body()).isEqualTo(200);
          applied.add(r.json().get("applied").asText());
        }
        assertThat(applied).containsExactlyInAnyOrder("APPLIED", "DUPLICATE");
        // Once more, later, to the node that applied it or the other.
        TestServer.Response again = (i % 2 == 0 ? a : b).send("POST", path, agent, result);
        assertThat(again.json().get("applied").asText()).as(again.body()).isEqualTo("DUPLICATE");
      }
      // No step is handed out a second time: both nodes' queues are empty.
      for (TestServer node : List.of(a, b)) {
        TestServer.Response none = node.send("GET", "/api/v1/agent/work?wait=1", agent, null);
        assertThat(none.status()).as(none.body()).isEqualTo(200);
        assertThat(none.json().get("work")).as(none.body()).isEmpty();
      }

      JsonNode ended = Cluster.ended(b, admin, id, Duration.ofSeconds(20));
      assertThat(ended.get("state").asText()).as(ended.toString()).isEqualTo("SUCCEEDED");
      List<JsonNode> steps = new ArrayList<>();
      for (JsonNode s : ended.get("steps"))
        if (s.get("type").asText().equals("shell")) steps.add(s);
      assertThat(steps).hasSize(STEPS);
      for (JsonNode s : steps) {
        assertThat(s.get("attempt").asInt()).isEqualTo(1);
        int i = Integer.parseInt(s.get("name").asText().substring(1));
        assertThat(s.at("/outputs/done").asText()).as(s.toString()).isEqualTo(String.valueOf(i));
        String log =
            a.send("GET", "/api/v1/steps/" + s.get("id").asLong() + "/log", admin, null).body();
        assertThat(log.split("output of step " + i, -1)).as(log).hasSize(2);
      }
    }
  }
}
