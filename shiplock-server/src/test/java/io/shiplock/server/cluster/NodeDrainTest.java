package io.shiplock.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.config.SourceFile;
import io.shiplock.server.Fixtures;
import io.shiplock.server.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that stops gracefully drains: it says it is not ready (the load balancer takes it out),
 * sends agents' polls elsewhere, answers the polls waiting on it at once instead of holding them to
 * their end, and goes on serving other calls until it stops listening.
 */
class NodeDrainTest {
  private TestServer node;
  private String admin;
  private String agent;

  @BeforeEach
  void start() {
    node = new TestServer("sqlite");
    admin = node.adminToken();
    var applied =
        node.apply(admin, List.of(new SourceFile("shop.yaml", Fixtures.shop("a1", "echo hi"))));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    agent = node.agentToken(admin, "a1");
    node.hello(agent);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void aDrainingNodeIsNotReadyTakesNoPollsAndStillServes() {
    assertThat(node.send("GET", "/readyz", null, null).status()).isEqualTo(200);

    node.server().drain();

    TestServer.Response ready = node.send("GET", "/readyz", null, null);
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.json().get("status").asText()).isEqualTo("draining");
    TestServer.Response poll = node.send("GET", "/api/v1/agent/work?wait=5", agent, null);
    assertThat(poll.status()).isEqualTo(503);
    assertThat(poll.body()).contains("is stopping; poll another node");
    assertThat(node.send("GET", "/api/v1/nodes", admin, null).status()).isEqualTo(200);
  }

  @Test
  void aPollWaitingOnAStoppingNodeIsAnsweredAtOnce() throws Exception {
    CompletableFuture<TestServer.Response> poll =
        CompletableFuture.supplyAsync(
            () -> node.send("GET", "/api/v1/agent/work?wait=5", agent, null));
    // The poll is waiting on the node (it would wait 5 s).
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.server().hub().waiting() == 1);
    long t0 = System.nanoTime();
    node.server().drain();
    TestServer.Response r = poll.get(4, TimeUnit.SECONDS);
    long tookMillis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("work")).isEmpty();
    assertThat(tookMillis).as("the waiting poll answered after the drain began").isLessThan(2000);
  }
}
