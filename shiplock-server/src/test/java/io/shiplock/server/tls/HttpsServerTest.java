package io.shiplock.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.server.ServerSettings;
import io.shiplock.server.ShiplockServer;
import io.shiplock.server.StartRefused;
import io.shiplock.server.TestServer;
import io.shiplock.server.sources.SourceAccess;
import io.shiplock.server.tls.TestCertificates.Authority;
import io.shiplock.server.tls.TestCertificates.Issued;
import io.shiplock.server.tls.TestCertificates.KeyFormat;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shiplock server --tls-cert/--tls-key} or {@code --tls-keystore}: a real server answering
 * HTTPS with the operator's files, plain HTTP redirected, and every bad file refused at start with
 * its name and what is wrong, before a port or the store is opened.
 */
class HttpsServerTest {
  private static final Authority CA = TestCertificates.authority("Shiplock Test CA");

  @TempDir Path dir;

  private static TlsSettings pem(Path cert, Path key) {
    return new TlsSettings(cert, key, null, null, 0);
  }

  @Test
  void servesHttpsWithAPemChainAndKey() {
    Issued server = CA.issue(TestCertificates.ec());
    TlsSettings tls =
        pem(
            server.writeChain(dir.resolve("chain.pem")),
            server.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8));
    try (TestServer s = new TestServer("sqlite", tls, CA.sslContext())) {
      assertThat(s.url()).startsWith("https://127.0.0.1:");
      assertThat(s.send("GET", "/healthz", null, null).status()).isEqualTo(200);
      // A login (a password and a token) crosses the wire encrypted.
      String admin = s.adminToken();
      assertThat(s.send("GET", "/api/v1/applications", admin, null).status()).isEqualTo(200);
    }
  }

  @Test
  void servesAKeystoreAndRedirectsPlainHttpButHealthProbes() throws Exception {
    Issued server = CA.issue(TestCertificates.rsa());
    int redirect = freePort();
    TlsSettings tls =
        new TlsSettings(
            null,
            null,
            server.writeKeystore(dir.resolve("server.p12"), "s3cret"),
            "s3cret",
            redirect);
    try (TestServer s = new TestServer("sqlite", tls, CA.sslContext())) {
      assertThat(s.send("GET", "/healthz", null, null).status()).isEqualTo(200);
      HttpClient plain = HttpClient.newHttpClient(); // follows no redirect
      String http = "http://127.0.0.1:" + redirect;
      HttpResponse<String> get =
          plain.send(
              HttpRequest.newBuilder(URI.create(http + "/api/v1/applications?x=1")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(308);
      assertThat(get.headers().firstValue("Location"))
          .hasValue(s.url() + "/api/v1/applications?x=1");
      HttpResponse<String> post =
          plain.send(
              HttpRequest.newBuilder(URI.create(http + "/api/v1/login"))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(308);
      HttpResponse<String> probe =
          plain.send(
              HttpRequest.newBuilder(URI.create(http + "/readyz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(probe.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void readsTraditionalRsaAndEcKeys() throws IOException {
    for (KeyPair keys : List.of(TestCertificates.rsa(), TestCertificates.ec())) {
      Issued server = CA.issue(keys);
      Path key = server.writeKey(dir.resolve("traditional.pem"), KeyFormat.TRADITIONAL);
      assertThat(Files.readAllLines(key).getFirst())
          .isIn("-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----");
      ServerIdentity id =
          ServerIdentity.load(pem(server.writeChain(dir.resolve("c.pem")), key), Instant.now());
      assertThat(id.certificate()).isEqualTo(server.certificate());
    }
  }

  @Test
  void refusesBadFilesNamingThemAndWhatIsWrong() {
    Issued server = CA.issue(TestCertificates.ec());
    Path chain = server.writeChain(dir.resolve("chain.pem"));
    Path key = server.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8);
    Path missing = dir.resolve("missing.pem");
    assertRefused(pem(missing, key), missing + ": no such file");
    Path otherKey =
        CA.issue(TestCertificates.ec()).writeKey(dir.resolve("other-key.pem"), KeyFormat.PKCS8);
    assertRefused(
        pem(chain, otherKey),
        "the key in " + otherKey + " does not belong to the certificate in " + chain);
    assertRefused(pem(key, chain), key + " holds a private key, not a certificate");
    Instant now = Instant.now();
    Issued expired =
        CA.issue(
            TestCertificates.ec(), now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    Path expiredChain = expired.writeChain(dir.resolve("expired.pem"));
    assertRefused(
        pem(expiredChain, expired.writeKey(dir.resolve("expired-key.pem"), KeyFormat.PKCS8)),
        expiredChain
            + ": the certificate 'CN=shiplock test server' (127.0.0.1, localhost) expired");
    Path p12 = server.writeKeystore(dir.resolve("server.p12"), "right");
    assertRefused(
        new TlsSettings(null, null, p12, "wrong", 0),
        p12 + ": the password is wrong (SHIPLOCK_TLS_KEYSTORE_PASSWORD)");
  }

  @Test
  void aRefusedStartOpensNeitherThePortNorTheStore() throws IOException {
    Path home = dir.resolve("home");
    Files.createDirectories(home);
    int port = freePort();
    Path otherKey =
        CA.issue(TestCertificates.ec()).writeKey(dir.resolve("other-key.pem"), KeyFormat.PKCS8);
    Path chain = CA.issue(TestCertificates.ec()).writeChain(dir.resolve("chain.pem"));
    ServerSettings settings =
        new ServerSettings(
            "127.0.0.1",
            port,
            home,
            null,
            null,
            null,
            "pw",
            SourceAccess.defaults(),
            pem(chain, otherKey));
    assertThatThrownBy(() -> ShiplockServer.start(settings, Map.of()))
        .isInstanceOf(StartRefused.class)
        .hasMessageContaining("does not belong to the certificate in " + chain);
    try (ServerSocket free = new ServerSocket(port)) {
      assertThat(free.getLocalPort()).isEqualTo(port);
    }
    try (var files = Files.list(home)) {
      assertThat(files).as("nothing made in the home").isEmpty();
    }
  }

  private static void assertRefused(TlsSettings tls, String message) {
    assertThatThrownBy(() -> ServerIdentity.load(tls, Instant.now()))
        .isInstanceOf(StartRefused.class)
        .hasMessageStartingWith("TLS: ")
        .hasMessageContaining(message);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
