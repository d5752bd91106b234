package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplock.cli.CliRunner;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.ucd.UcdIds;
import io.shiplock.server.Fixtures;
import io.shiplock.server.TestServer;
import io.shiplock.server.tls.TestCertificates;
import io.shiplock.server.tls.TestCertificates.Authority;
import io.shiplock.server.tls.TestCertificates.Issued;
import io.shiplock.server.tls.TestCertificates.KeyFormat;
import io.shiplock.server.tls.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server on HTTPS with a certificate of the test's own CA, and real agent processes: one that
 * trusts the CA ({@code --ca}) runs the pipeline; one that trusts another CA, or pins another
 * certificate, refuses the server, says why, keeps retrying, and the step does not run. The CLI
 * reaches the server with {@code --ca} or {@code $SHIPLOCK_CA}.
 */
class TlsPipelineTest {
  private static final Authority CA = TestCertificates.authority("Shiplock Test CA");
  private static final String CONFIG = Fixtures.shop("edge", "echo deployed over TLS");

  @TempDir Path dir;

  /** A server on HTTPS with this certificate, without configuration. */
  private TestServer bareTlsServer(Issued certificate) {
    TlsSettings tls =
        new TlsSettings(
            certificate.writeChain(dir.resolve("chain.pem")),
            certificate.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8),
            null,
            null,
            0);
    return new TestServer("sqlite", tls, CA.sslContext());
  }

  /** A server on HTTPS with this certificate and the configuration of Shop. */
  private TestServer tlsServer(Issued certificate) {
    TestServer s = bareTlsServer(certificate);
    var applied = s.apply(s.adminToken(), List.of(new SourceFile("shop.yaml", CONFIG)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    return s;
  }

  /** `shiplock agent` for the configuration's agent, with its own log and work directory. */
  private JavaProcess agent(TestServer s, String run, String... trust) {
    return agent(s.url(), s.agentToken(s.adminToken(), "edge"), run, trust);
  }

  private JavaProcess agent(String url, String token, String run, String... trust) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "agent",
                "--server",
                url,
                "--token",
                token,
                "--name",
                "edge",
                "--work-dir",
                dir.resolve(run).toString()));
    args.addAll(List.of(trust));
    return JavaProcess.start(dir.resolve(run + ".log"), Map.of(), args.toArray(String[]::new));
  }

  @Test
  void aPipelineRunsOverTlsWithAnAgentAndACliThatTrustTheCa() throws Exception {
    Path ca = CA.writePem(dir.resolve("ca.pem"));
    try (TestServer s = tlsServer(CA.issue(TestCertificates.ec()))) {
      try (JavaProcess agent = agent(s, "trusting", "--ca", ca.toString())) {
        var request = AgentFailoverTest.ended(s, AgentFailoverTest.deploy(s, "1.0"));
        assertThat(request.get("state").asText()).as(agent.output()).isEqualTo("SUCCEEDED");
      }
      String admin = s.adminToken();
      CliRunner.Run refused =
          CliRunner.exec(null, "get", "agents", "--server", s.url(), "--token", admin);
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err())
          .contains("refusing the server " + s.url() + ": unknown CA")
          .contains("$SHIPLOCK_CA");
      CliRunner.Run trusted =
          CliRunner.exec(
              null, "get", "agents", "--server", s.url(), "--token", admin, "--ca", ca.toString());
      assertThat(trusted.code()).as(trusted.err()).isZero();
      assertThat(trusted.out()).contains("edge");
      try (JavaProcess cli =
          JavaProcess.start(
              dir.resolve("cli.log"),
              Map.of("SHIPLOCK_CA", ca.toString()),
              "get",
              "agents",
              "--server",
              s.url(),
              "--token",
              admin)) {
        assertThat(cli.waitFor(Duration.ofSeconds(60))).as(cli.output()).isZero();
        assertThat(cli.output()).contains("edge");
      }
    }
  }

  @Test
  void anAgentRefusesAServerOfAnotherCaOrAnotherPinAndTheStepWaits() throws Exception {
    Issued certificate = CA.issue(TestCertificates.ec());
    try (TestServer s = tlsServer(certificate)) {
      String request = AgentFailoverTest.deploy(s, "1.0");

      Path otherCa = TestCertificates.authority("Another CA").writePem(dir.resolve("other.pem"));
      try (JavaProcess agent = agent(s, "other-ca", "--ca", otherCa.toString())) {
        awaitRefusals(
            agent,
            "refusing server "
                + s.url()
                + ": unknown CA: its certificate is not signed by a CA in "
                + otherCa);
      }
      String wrongPin = CA.issue(TestCertificates.ec()).pin();
      try (JavaProcess agent = agent(s, "wrong-pin", "--pin", wrongPin)) {
        awaitRefusals(
            agent,
            "refusing server "
                + s.url()
                + ": pin mismatch: the server's certificate is "
                + certificate.pin()
                + ", the pin is "
                + wrongPin);
      }
      long number = UcdIds.number(UcdIds.Numbered.REQUEST, request).orElseThrow();
      var waiting = s.send("GET", "/api/v1/requests/" + number, s.adminToken(), null).json();
      assertThat(waiting.get("state").asText()).as(waiting.toString()).isIn("QUEUED", "RUNNING");

      // The right pin: the step that waited runs now.
      try (JavaProcess agent = agent(s, "pinned", "--pin", certificate.pin())) {
        var ended = AgentFailoverTest.ended(s, request);
        assertThat(ended.get("state").asText()).as(agent.output()).isEqualTo("SUCCEEDED");
      }
    }
  }

  @Test
  void theHostNameIsCheckedWithACaAndWithAPin() throws Exception {
    Issued certificate = CA.issueFor(TestCertificates.ec(), "deploy.example.com");
    Path ca = CA.writePem(dir.resolve("ca.pem"));
    // No token is needed: the handshake fails before one is sent (the test's own client would
    // refuse the name too).
    try (TestServer s = bareTlsServer(certificate)) {
      // The certificate is the server's and the CA is trusted: only the name is wrong.
      CliRunner.Run cli =
          CliRunner.exec(
              null, "get", "agents", "--server", s.url(), "--token", "t", "--ca", ca.toString());
      assertThat(cli.code()).isEqualTo(1);
      assertThat(cli.err()).contains("refusing the server " + s.url() + ": name mismatch");
      try (JavaProcess agent = agent(s.url(), "t", "pinned", "--pin", certificate.pin())) {
        awaitRefusals(agent, "refusing server " + s.url() + ": name mismatch");
      }
    }
  }

  /** The agent refused the server at least twice (it keeps retrying) and never connected. */
  private static void awaitRefusals(JavaProcess agent, String line) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> agent.output().split(Pattern.quote(line), -1).length > 2);
    assertThat(agent.output()).doesNotContain("connected to");
  }
}
