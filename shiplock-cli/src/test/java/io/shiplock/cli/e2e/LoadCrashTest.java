package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.api.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests in flight on two real agents while the server is killed twice: every request the API
 * acknowledged ends SUCCEEDED (none fails because of the outage: work claimed just before a kill is
 * offered again, steps that start while the server is down wait for it), and no step runs twice
 * (every step ends at its first attempt, its log whole).
 */
class LoadCrashTest {
  private static final String CONFIG =
      """
      kind: Agent
      name: agent-a
      ---
      kind: Agent
      name: agent-b
      ---
      kind: Component
      name: Worker
      processes:
        - name: work
          steps:
            - {name: long, type: shell, with: {script: "echo start; sleep 0.4; echo end"}}
            - {name: after, type: shell, with: {script: "echo after"}}
      ---
      kind: Application
      name: Jobs
      components: [Worker]
      processes:
        - name: work
          steps:
            - {name: work, type: component.run, with: {component: Worker, process: work}}
      ---
      kind: Environment
      application: Jobs
      name: Prod
      resources:
        - agent: agent-a
          children: [{component: Worker}]
        - agent: agent-b
          children: [{component: Worker}]
      """;

  @TempDir Path dir;
  private ServerProcesses servers;

  @Test
  void everyAcknowledgedRequestSucceedsThroughTwoKillsAndNoStepRunsTwice() throws Exception {
    servers = new ServerProcesses(dir);
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    List<JavaProcess> agents = new ArrayList<>();
    JavaProcess server = servers.start();
    try {
      servers.logIn();
      assertThat(servers.apply("jobs.yaml", CONFIG)).isTrue();
      for (String name : List.of("agent-a", "agent-b")) agents.add(servers.agent(name));
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 4; c++)
        clients.add(Thread.ofPlatform().start(() -> submit(stop, acknowledged)));
      for (int kill = 0; kill < 2; kill++) {
        Thread.sleep(2500);
        server.kill();
        Thread.sleep(1000);
        server = servers.start();
      }
      Thread.sleep(2000);
      stop.set(true);
      for (Thread t : clients) t.join();
      assertThat(acknowledged)
          .as("requests acknowledged over the run")
          .hasSizeGreaterThanOrEqualTo(10);
      try {
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> acknowledged.stream().allMatch(this::ended));
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(stuck(acknowledged, server, agents), e);
      }
      for (long id : acknowledged) {
        JsonNode r = servers.call("GET", "/api/v1/requests/" + id, null);
        assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("SUCCEEDED");
        for (JsonNode s : r.get("steps")) {
          if (!s.get("type").asText().equals("shell")) continue;
          assertThat(s.get("attempt").asInt()).as("ran once: %s", s).isEqualTo(1);
          if (s.get("name").asText().equals("long"))
            assertThat(
                    servers
                        .call("GET", "/api/v1/steps/" + s.get("id").asLong() + "/log", null)
                        .get("data")
                        .asText())
                .isEqualTo("start\nend\n");
        }
      }
    } finally {
      for (JavaProcess a : agents) a.close();
      server.close();
    }
  }

  /** What a failed wait shows: the requests that never ended and what each process said. */
  private String stuck(Set<Long> acknowledged, JavaProcess server, List<JavaProcess> agents)
      throws IOException, InterruptedException {
    StringBuilder b = new StringBuilder("requests that did not end:\n");
    for (long id : acknowledged)
      if (!ended(id)) b.append(servers.call("GET", "/api/v1/requests/" + id, null)).append('\n');
    b.append("server:\n").append(ServerProcesses.tail(server));
    for (JavaProcess a : agents) b.append("\nagent:\n").append(ServerProcesses.tail(a));
    return b.toString();
  }

  private boolean ended(long id) {
    try {
      String state = servers.call("GET", "/api/v1/requests/" + id, null).get("state").asText();
      return !List.of("QUEUED", "RUNNING").contains(state);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private void submit(AtomicBoolean stop, Set<Long> acknowledged) {
    while (!stop.get()) {
      try {
        HttpResponse<String> r =
            servers.send(
                "POST",
                "/api/v1/requests",
                "{\"application\": \"Jobs\", \"environment\": \"Prod\", \"process\": \"work\"}");
        if (r.statusCode() == 201)
          acknowledged.add(Json.MAPPER.readTree(r.body()).get("id").asLong());
        Thread.sleep(150);
      } catch (IOException e) {
        // the server is down: not acknowledged
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
