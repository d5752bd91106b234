package io.shiplock.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's --ca and --pin are read at start: a wrong one is an error then, naming what is wrong,
 * not a handshake failure later. (The handshakes themselves: TlsPipelineTest in shiplock-cli.)
 */
class ServerTrustTest {
  @Test
  void aPinIsSha256AndSixtyFourHexDigitsWithOrWithoutColons() {
    String hex = "ab".repeat(32);
    assertThat(ServerTrust.parsePin("sha256:" + hex)).hasSize(32);
    assertThat(ServerTrust.parsePin("SHA256:" + "AB:".repeat(31) + "AB")).hasSize(32);
    assertThatThrownBy(() -> ServerTrust.parsePin(hex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be 'sha256:' and the certificate's SHA-256 fingerprint");
    assertThatThrownBy(() -> ServerTrust.parsePin("sha256:abcd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a SHA-256 fingerprint is 64 hex digits, this has 4");
  }

  @Test
  void aCaFileMustHoldCertificates(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("ca.pem");
    assertThatThrownBy(() -> ServerTrust.of(missing, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--ca " + missing + ": no such readable file");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
    assertThatThrownBy(() -> ServerTrust.of(empty, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--ca " + empty);
  }
}
