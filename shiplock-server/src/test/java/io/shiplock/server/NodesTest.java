package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.store.DatabaseConfig;
import io.shiplock.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Several servers on one PostgreSQL database: they list each other, and must share the key. */
class NodesTest {
  private static final Map<String, String> FAST_BEAT = Map.of("SHIPLOCK_HEARTBEAT_MS", "100");

  @Test
  void nodesOnOneDatabaseListEachOtherAndAGracefulStopShows() throws Exception {
    DatabaseConfig db = TestDatabases.postgres();
    Path homeA = TestServer.newHome();
    try (TestServer a = new TestServer(db, homeA, FAST_BEAT)) {
      String token = a.adminToken();
      String idB;
      try (TestServer b = new TestServer(db, sameKey(homeA), FAST_BEAT)) {
        idB = b.server().node().id();
        JsonNode nodes = a.send("GET", "/api/v1/nodes", token, null).json();
        assertThat(nodes).hasSize(2);
        JsonNode self = node(nodes, a.server().node().id());
        assertThat(self.get("self").asBoolean()).isTrue();
        assertThat(self.get("live").asBoolean()).isTrue();
        assertThat(self.get("address").asText()).isEqualTo("127.0.0.1:" + a.server().port());
        assertThat(self.get("version").asText()).isEqualTo(ShiplockServer.VERSION);
        assertThat(self.get("stoppedAt").isNull()).isTrue();
        JsonNode other = node(nodes, idB);
        assertThat(other.get("self").asBoolean()).isFalse();
        assertThat(other.get("live").asBoolean()).isTrue();
        assertThat(other.get("address").asText()).isEqualTo("127.0.0.1:" + b.server().port());

        // b beats every 100 ms while it runs.
        String before = other.get("heartbeatAt").asText();
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () ->
                    node(a.send("GET", "/api/v1/nodes", token, null).json(), idB)
                        .get("heartbeatAt")
                        .asText(),
                beat -> !beat.equals(before));
      }
      JsonNode stopped = node(a.send("GET", "/api/v1/nodes", token, null).json(), idB);
      assertThat(stopped.get("live").asBoolean()).isFalse();
      assertThat(stopped.get("stoppedAt").isNull()).isFalse();
    }
  }

  @Test
  void aNodeWithAnotherSecretKeyRefusesToStart() throws Exception {
    DatabaseConfig db = TestDatabases.postgres();
    Path homeA = TestServer.newHome();
    try (TestServer a = new TestServer(db, homeA, Map.of())) {
      Path homeB = TestServer.newHome();
      assertThatThrownBy(() -> new TestServer(db, homeB, Map.of()))
          .isInstanceOf(StartRefused.class)
          .hasMessage(
              "this database's secure values were encrypted with another key: give this node the"
                  + " same key file as the others ("
                  + homeB.resolve("secret.key").toAbsolutePath()
                  + ")");
      assertThat(a.send("GET", "/readyz", null, null).status()).isEqualTo(200);
      // With the key file copied from the first node, the second starts.
      Files.copy(
          homeA.resolve("secret.key"),
          homeB.resolve("secret.key"),
          StandardCopyOption.REPLACE_EXISTING);
      try (TestServer b = new TestServer(db, homeB, Map.of())) {
        assertThat(b.send("GET", "/readyz", null, null).status()).isEqualTo(200);
      }
    }
  }

  private static Path sameKey(Path home) throws Exception {
    Path other = TestServer.newHome();
    Files.copy(home.resolve("secret.key"), other.resolve("secret.key"));
    return other;
  }

  private static JsonNode node(JsonNode nodes, String id) {
    return StreamSupport.stream(nodes.spliterator(), false)
        .filter(n -> n.get("id").asText().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no node " + id + " in " + nodes));
  }
}
