package io.shiplock.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.shiplock.agent.Agent;
import io.shiplock.agent.AgentSettings;
import io.shiplock.server.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes, each with its own home and the shared key: node A starts a request that waits for
 * two approvals and mails the approvers their links. One approver opens A's link on node B; the
 * other logs into the web UI on node A and decides, with that session, on node B. The request then
 * runs on an agent connected to node C only, and succeeds.
 */
class ApprovalAcrossNodesTest {
  private static final String CONFIG =
      Cluster.gatedShop("{required: 2, approvers: [release-managers]}");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void anApprovalLinkAndASessionOfNodeAWorkOnNodeBAndTheRequestRunsThroughNodeC(@TempDir Path work)
      throws Exception {
    int smtpPort;
    try (ServerSocket s = new ServerSocket(0)) {
      smtpPort = s.getLocalPort();
    }
    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", "smtp"));
    smtp.start();
    Map<String, String> env = new HashMap<>();
    env.put("SHIPLOCK_SMTP_HOST", "127.0.0.1");
    env.put("SHIPLOCK_SMTP_PORT", String.valueOf(smtpPort));
    env.put("SHIPLOCK_SMTP_FROM", "shiplock@example.test");
    try (Cluster cluster = new Cluster(3, env)) {
      TestServer a = cluster.node(0);
      TestServer b = cluster.node(1);
      TestServer c = cluster.node(2);
      cluster.apply(CONFIG);
      String admin = a.adminToken();
      for (String u : List.of("rita", "ravi")) {
        var created =
            a.send(
                "POST",
                "/api/v1/users",
                admin,
                "{\"name\": \"%1$s\", \"email\": \"%1$s@example.test\", \"password\": \"%1$s-password-1\"}"
                    .formatted(u));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
      }

      Cluster.version(a, admin, "Svc", "1.0");
      Agent agent =
          new Agent(
                  new AgentSettings(
                      List.of(c.url()), a.agentToken(admin, "worker"), "worker", work))
              .start();
      try {
        approveAndRun(a, b, c, smtp, admin);
      } finally {
        agent.close(); // before the nodes stop
      }
    } finally {
      smtp.stop();
    }
  }

  private static void approveAndRun(
      TestServer a, TestServer b, TestServer c, GreenMail smtp, String admin) throws Exception {
    long id = Cluster.request(a, admin, "PROD", "1.0");
    assertThat(Cluster.detail(b, admin, id).get("state").asText()).isEqualTo("WAITING_APPROVAL");

    // Node A mails both approvers; rita's link, made by A, is opened on node B.
    assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
    String link = linkOf(smtp, "rita@example.test").replace(a.url(), b.url());
    assertThat(link).startsWith(b.url() + "/approve/");
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("Svc 1.0").contains("Approve");
    HttpResponse<String> decided =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(link))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("decision=approve&comment=fine"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    assertThat(decided.body()).contains("It waits for more approvals.");

    // ravi logs in on node A; the session cookie (and its form token) work on node B.
    String cookie = logIn(a, "ravi", "ravi-password-1");
    HttpResponse<String> inbox = page(b, "/ui/approvals", cookie, null);
    assertThat(inbox.statusCode()).as(inbox.body()).isEqualTo(200);
    assertThat(inbox.body()).contains("Request " + id + ": deploy on PROD");
    Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(inbox.body());
    assertThat(csrf.find()).isTrue();
    HttpResponse<String> approved =
        page(
            b,
            "/ui/approvals",
            cookie,
            "csrf=" + csrf.group(1) + "&request=" + id + "&decision=approve&comment=go");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(approved.body()).contains("Request " + id + ": approved.");

    // The request node A started runs on the agent that only node C knows, and succeeds.
    var ended = Cluster.ended(a, admin, id, Duration.ofSeconds(60));
    assertThat(ended.get("state").asText()).as(ended.toString()).isEqualTo("SUCCEEDED");
    assertThat(Cluster.audit(c, admin, "approval.approve", "request " + id))
        .extracting(e -> e.get("detail").asText())
        .containsExactlyInAnyOrder("fine (via email link)", "go (via web UI)");
  }

  private static String linkOf(GreenMail smtp, String to) throws Exception {
    for (MimeMessage m : smtp.getReceivedMessages()) {
      if (!m.getAllRecipients()[0].toString().equals(to)) continue;
      String text = GreenMailUtil.getBody(m).replace("=\r\n", "");
      Matcher link = Pattern.compile("(http://\\S+/approve/\\S+)").matcher(text);
      assertThat(link.find()).as(text).isTrue();
      return link.group(1).replace("=3D", "=");
    }
    throw new AssertionError("no mail to " + to);
  }

  /** Logs in through the web form of {@code node}; the session cookie. */
  private static String logIn(TestServer node, String user, String password) throws Exception {
    HttpResponse<String> r =
        page(
            node,
            "/ui/login",
            null,
            "user=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0].split("=", 2)[1];
  }

  /** A page of {@code node}: a GET, or a form POST when {@code form} is given. */
  private static HttpResponse<String> page(TestServer node, String path, String cookie, String form)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url() + path));
    if (cookie != null) b.header("Cookie", "shiplock_session=" + cookie);
    if (form != null)
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
