package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.agent.Agent;
import io.shiplock.agent.AgentSettings;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.ucd.UcdIds;
import io.shiplock.server.Fixtures;
import io.shiplock.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent given two server nodes of one PostgreSQL database (`shiplock agent --server A --server
 * B`): it works through A; when A stops, it goes on with B, and the next deployment runs there.
 */
class AgentFailoverTest {
  private static final String CONFIG = Fixtures.shop("twin", "echo deployed ${p:version.name}");

  /** Asks for Shop's deploy of Svc {@code version} on DEV (Fixtures.shop); the request's id. */
  static String deploy(TestServer node, String version) {
    String admin = node.adminToken();
    assertThat(
            node.send("POST", "/cli/version/createVersion?component=Svc&name=" + version, admin, "")
                .status())
        .isEqualTo(200);
    TestServer.Response r =
        node.send(
            "PUT",
            "/cli/applicationProcessRequest/request",
            admin,
            "{\"application\": \"Shop\", \"applicationProcess\": \"deploy\", \"environment\":"
                + " \"DEV\", \"versions\": [{\"component\": \"Svc\", \"version\": \""
                + version
                + "\"}]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("requestId").asText();
  }

  /** The request once it has ended (within a minute). */
  static JsonNode ended(TestServer node, String requestId) {
    long number = UcdIds.number(UcdIds.Numbered.REQUEST, requestId).orElseThrow();
    String admin = node.adminToken();
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> node.send("GET", "/api/v1/requests/" + number, admin, null).json(),
            r -> !List.of("QUEUED", "RUNNING").contains(r.get("state").asText()));
  }

  @Test
  void anAgentGivenTwoNodesGoesOnWithTheOtherWhenOneStops(@TempDir Path work) {
    TestServer a = new TestServer("postgresql");
    TestServer b = new TestServer(a);
    Agent agent = null;
    try {
      var applied = a.apply(a.adminToken(), List.of(new SourceFile("shop.yaml", CONFIG)));
      assertThat(applied.status()).as(applied.body()).isEqualTo(200);
      String token = a.agentToken(a.adminToken(), "twin");
      agent = new Agent(new AgentSettings(List.of(a.url(), b.url()), token, "twin", work)).start();

      assertThat(ended(a, deploy(a, "1.0")).get("state").asText()).isEqualTo("SUCCEEDED");
      a.close(); // node A is gone
      JsonNode second = ended(b, deploy(b, "2.0"));
      assertThat(second.get("state").asText()).as(second.toString()).isEqualTo("SUCCEEDED");
    } finally {
      if (agent != null) agent.close();
      b.close();
      a.close();
    }
  }
}
