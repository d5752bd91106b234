package io.shiplock.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.server.TestServer;
import io.shiplock.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes with their own homes on one database keep version files in the directory that {@code
 * SHIPLOCK_BLOBS_DIR} ({@code shiplock server --blobs}) names: a file uploaded through one node is
 * there for the others; a node that keeps them under its own home does not see it.
 */
class SharedBlobsTest {
  @Test
  void aFileUploadedThroughOneNodeIsThereForAnotherSharingTheDirectory(@TempDir Path shared)
      throws Exception {
    var db = TestDatabases.postgres();
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    Map<String, String> env =
        Map.of("SHIPLOCK_SECRET_KEY", key, "SHIPLOCK_BLOBS_DIR", shared.toString());
    byte[] content = "the version's file".getBytes(StandardCharsets.UTF_8);
    String digest =
        "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    String ask = "{\"digests\": [\"" + digest + "\"]}";
    try (TestServer a = new TestServer(db, TestServer.newHome(), env);
        TestServer b = new TestServer(db, TestServer.newHome(), env);
        TestServer own =
            new TestServer(db, TestServer.newHome(), Map.of("SHIPLOCK_SECRET_KEY", key))) {
      String admin = a.adminToken();
      TestServer.Response put =
          a.send(
              "PUT", "/api/v1/blobs/" + digest, admin, new String(content, StandardCharsets.UTF_8));
      assertThat(put.status()).as(put.body()).isEqualTo(201);
      try (var stored = Files.walk(shared)) {
        assertThat(stored.filter(Files::isRegularFile).count()).isEqualTo(1);
      }

      TestServer.Response onB = b.send("POST", "/api/v1/blobs/missing", b.adminToken(), ask);
      assertThat(onB.json().get("missing")).as(onB.body()).isEmpty();
      TestServer.Response onOwn = own.send("POST", "/api/v1/blobs/missing", own.adminToken(), ask);
      assertThat(onOwn.json().get("missing").get(0).asText()).isEqualTo(digest);
    }
  }
}
