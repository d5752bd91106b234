package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.shiplock.server.api.Json;
import io.shiplock.server.notify.Notifier;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Approvals end to end with a real SMTP server (GreenMail) and a real webhook receiver: who may
 * approve, N of M, no self-approval, comments, rejection, expiry, the emailed link, the audit log.
 */
abstract class ApprovalsContract {
  /** The store the server runs on: {@code sqlite} (the embedded one) or {@code postgresql}. */
  protected abstract String dialect();

  private static final String CONFIG =
      """
      kind: Status
      name: Passed
      scope: version
      ---
      kind: Status
      name: Certified
      scope: version
      role: approver
      ---
      kind: Component
      name: Svc
      processes:
        - {name: mark, steps: [{name: s, type: version.status.add, with: {status: Passed}}]}
        - {name: certify, steps: [{name: s, type: version.status.add, with: {status: Certified}}]}
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - {name: mark, steps: [{name: s, type: wait, with: {duration: 10ms}}]}
        - {name: certify, steps: [{name: s, type: component.run, with: {component: Svc, process: certify}}]}
      ---
      kind: Environment
      application: App
      name: Public
      approval: {required: 2, approvers: [release-managers], noSelfApproval: true, commentRequired: true}
      resources: [{name: nowhere}]
      ---
      kind: Agent
      name: worker
      ---
      kind: Environment
      application: App
      name: Dev
      resources: [{agent: worker, children: [{component: Svc}]}]
      ---
      kind: Environment
      application: App
      name: Quick
      approval: {required: 1, approvers: [approver], expiresAfter: 1h}
      resources: [{name: nowhere}]
      ---
      kind: Role
      name: deployer
      permissions: [view, request]
      ---
      kind: Role
      name: approver
      permissions: [view, approve]
      ---
      kind: Team
      name: developers
      members: [dana]
      roles: [{role: deployer}]
      ---
      kind: Team
      name: release-managers
      members: [rita, ravi]
      roles: [{role: approver, application: App}, {role: deployer}]
      """;

  private GreenMail smtp;
  private HttpServer hooks;
  private final List<String[]> received = new CopyOnWriteArrayList<>();
  private TestServer server;
  private String admin;

  // An IP literal: no name is looked up, so there is no address to choose.
  @SuppressWarnings("AddressSelection")
  @BeforeEach
  void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
    smtp.start();
    hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hooks.createContext(
        "/hook",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new String[] {ex.getRequestHeaders().getFirst("X-Shiplock-Signature"), body});
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    hooks.start();
    server =
        new TestServer(
            dialect(),
            Map.of(
                "SHIPLOCK_SMTP_HOST", "127.0.0.1",
                "SHIPLOCK_SMTP_PORT", String.valueOf(port),
                "SHIPLOCK_SMTP_FROM", "shiplock@example.test",
                "SHIPLOCK_WEBHOOK_URL",
                    "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook",
                "SHIPLOCK_WEBHOOK_SECRET", "hook-secret"));
    admin = server.adminToken();
    String body =
        Json.MAPPER.writeValueAsString(
            Map.of("files", List.of(Map.of("name", "people.yaml", "content", CONFIG))));
    assertThat(server.send("POST", "/api/v1/config/apply", admin, body).status()).isEqualTo(200);
    for (String u : List.of("dana", "rita", "ravi", "mallory")) {
      var created =
          server.send(
              "POST",
              "/api/v1/users",
              admin,
              "{\"name\": \""
                  + u
                  + "\", \"email\": \""
                  + u
                  + "@example.test\", \"password\": \""
                  + u
                  + "-password-1\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
    assertThat(
            server
                .send("POST", "/api/v1/components/Svc/versions", admin, "{\"name\": \"1.0\"}")
                .status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
    smtp.stop();
    hooks.stop(0);
  }

  private String login(String user) {
    return server
        .send(
            "POST",
            "/api/v1/login",
            null,
            "{\"user\": \"" + user + "\", \"password\": \"" + user + "-password-1\"}")
        .json()
        .get("token")
        .asText();
  }

  private TestServer.Response request(String token, String env) {
    return server.send(
        "POST",
        "/api/v1/requests",
        token,
        "{\"application\": \"App\", \"environment\": \""
            + env
            + "\", \"process\": \"mark\", \"versions\": {\"Svc\": \"1.0\"}}");
  }

  private TestServer.Response decide(String token, long id, String what, String comment) {
    return server.send(
        "POST",
        "/api/v1/requests/" + id + "/" + what,
        token,
        comment == null ? "" : "{\"comment\": " + Json.MAPPER.valueToTree(comment) + "}");
  }

  private String state(long id) {
    return server.send("GET", "/api/v1/requests/" + id, admin, null).json().get("state").asText();
  }

  @Test
  void versionsMayBeGivenAsTheListOfPairsThatUcdUsersSend() {
    var created =
        server.send(
            "POST",
            "/api/v1/requests",
            admin,
            "{\"application\": \"App\", \"environment\": \"Public\", \"process\": \"mark\","
                + " \"versions\": [{\"component\": \"Svc\", \"version\": \"1.0\"}]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/versions/Svc").asText()).isEqualTo("1.0");
  }

  @Test
  void twoOfTheReleaseManagersMustApproveWithACommentAndTheRequesterNeverApprovesAlone()
      throws Exception {
    String dana = login("dana");
    String rita = login("rita");
    String ravi = login("ravi");
    String mallory = login("mallory");
    var created = request(rita, "Public");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long id = created.json().get("id").asLong();
    assertThat(created.json().get("state").asText()).isEqualTo("WAITING_APPROVAL");
    assertThat(created.json().get("steps")).isEmpty();

    // The approvers other than the requester get an email with their own link.
    assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
    MimeMessage mail = smtp.getReceivedMessagesForDomain("example.test")[0];
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ravi@example.test");
    assertThat(mail.getSubject())
        .contains("Approval needed")
        .contains("Public")
        .contains("request " + id);
    String text = GreenMailUtil.getBody(mail);
    assertThat(text)
        .contains("rita asks to run mark on Public of App with Svc 1.0")
        .contains("a comment is required");
    Matcher link = Pattern.compile("(http://\\S+/approve/\\S+)").matcher(text.replace("=\r\n", ""));
    assertThat(link.find()).isTrue();

    // Refusals, each with its reason.
    assertThat(decide(mallory, id, "approve", "ok").json().get("message").asText())
        .contains("user 'mallory' lacks the 'approve' permission");
    assertThat(decide(dana, id, "approve", "ok").status()).isEqualTo(403);
    var self = decide(rita, id, "approve", "mine");
    assertThat(self.status()).isEqualTo(403);
    assertThat(self.json().get("message").asText())
        .isEqualTo(
            "the requester cannot approve their own request: environment 'Public' forbids self-approval");
    assertThat(decide(ravi, id, "approve", "").json().get("message").asText())
        .contains("requires a comment");
    assertThat(
            decide(ravi, id, "approve", "<script>alert(1)</script>").json().get("message").asText())
        .contains("may not contain markup");
    assertThat(state(id)).isEqualTo("WAITING_APPROVAL");

    // The link opens the approval page; deciding there is ravi's decision.
    HttpClient http = HttpClient.newHttpClient();
    String url = link.group(1).replace("=3D", "=");
    String page =
        http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(page).contains("Svc 1.0").contains("Approve").contains("Comment (required)");
    var posted =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "decision=approve&comment="
                            + URLEncoder.encode(
                                "consent: license checked", StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    assertThat(posted.body())
        .contains("is recorded. It waits for more approvals.")
        .doesNotContain("recorded: recorded");
    assertThat(decide(ravi, id, "approve", "again").json().get("message").asText())
        .contains("user 'ravi' already decided on request " + id);
    assertThat(state(id)).isEqualTo("WAITING_APPROVAL"); // one of two

    // A forged or altered link is refused.
    var forged =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "x")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(401);

    // The admin counts as the second approver: the request runs and succeeds.
    assertThat(decide(admin, id, "approve", "second pair of eyes").json().get("result").asText())
        .isEqualTo("APPROVED");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("SUCCEEDED"));
    JsonNode detail = server.send("GET", "/api/v1/requests/" + id, admin, null).json();
    assertThat(detail.at("/approval/decisions/0/user").asText()).isEqualTo("ravi");
    assertThat(detail.at("/approval/decisions/0/comment").asText())
        .isEqualTo("consent: license checked");
    assertThat(decide(ravi, id, "reject", "too late").json().get("message").asText())
        .contains("is not waiting for approval (it is SUCCEEDED)");

    // The requester hears how it ended; the webhook got every event, signed.
    await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length >= 2);
    assertThat(List.of(smtp.getReceivedMessages()).stream().map(m -> subject(m)).toList())
        .anyMatch(s -> s.contains("Request " + id + " SUCCEEDED"));
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
    for (String[] hook : received)
      assertThat(hook[0]).isEqualTo("sha256=" + Notifier.hmac("hook-secret", hook[1]));
    assertThat(received.stream().map(h -> h[1]).toList())
        .anyMatch(b -> b.contains("\"event\":\"approval.needed\""))
        .anyMatch(b -> b.contains("\"event\":\"request.ended\"") && b.contains("SUCCEEDED"));

    // The audit log has all of it.
    JsonNode audit = server.send("GET", "/api/v1/audit?limit=500", admin, null).json();
    String log = audit.toString();
    assertThat(log)
        .contains("\"action\":\"request.create\"")
        .contains(
            "\"action\":\"approval.approve\",\"target\":\"request "
                + id
                + "\",\"outcome\":\"success\",\"detail\":\"consent: license checked (via email"
                + " link)\"")
        .contains("second pair of eyes (via API)")
        .contains("forbids self-approval")
        .contains("\"action\":\"request.approved\"")
        .contains("\"action\":\"user.create\"")
        .contains("\"action\":\"login\"");
    assertThat(server.send("GET", "/api/v1/audit", dana, null).status()).isEqualTo(403);
  }

  @Test
  void oneRejectionFailsTheRequestWithItsComment() throws Exception {
    long id = request(login("dana"), "Public").json().get("id").asLong();
    var r = decide(login("rita"), id, "reject", "not before the license review");
    assertThat(r.json().get("result").asText()).isEqualTo("REJECTED");
    JsonNode detail = server.send("GET", "/api/v1/requests/" + id, admin, null).json();
    assertThat(detail.get("state").asText()).isEqualTo("FAILED");
    assertThat(detail.get("message").asText())
        .isEqualTo("rejected by rita: not before the license review");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                List.of(smtp.getReceivedMessages()).stream()
                    .anyMatch(m -> subject(m).contains("Request " + id + " FAILED")));
  }

  @Test
  void aRequestWhoseApprovalExpiresFails() {
    long id = request(admin, "Quick").json().get("id").asLong();
    assertThat(state(id)).isEqualTo("WAITING_APPROVAL");
    // An hour passes on the server's clock; its timer finds the expiry within its 2 s round.
    server.clock().advance(Duration.ofMinutes(61));
    await().atMost(Duration.ofSeconds(15)).until(() -> state(id).equals("FAILED"));
    assertThat(
            server
                .send("GET", "/api/v1/requests/" + id, admin, null)
                .json()
                .get("message")
                .asText())
        .contains("approval expired")
        .contains("nothing was started");
  }

  @Test
  void whatWaitsForMeShowsWhetherICanDecide() {
    long id = request(login("rita"), "Public").json().get("id").asLong();
    JsonNode mine = server.send("GET", "/api/v1/approvals", login("ravi"), null).json();
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).get("request").asLong()).isEqualTo(id);
    assertThat(mine.get(0).get("canDecide").asBoolean()).isTrue();
    JsonNode requester = server.send("GET", "/api/v1/approvals", login("rita"), null).json();
    assertThat(requester.get(0).get("whyNot").asText()).contains("forbids self-approval");
    assertThat(server.send("GET", "/api/v1/approvals", login("mallory"), null).json()).isEmpty();
    assertThat(
            server.send("POST", "/api/v1/requests/" + id + "/cancel", login("rita"), null).status())
        .isEqualTo(200);
    assertThat(state(id)).isEqualTo("CANCELED");
  }

  @Test
  void aUserWithoutTheRequestPermissionCannotDeployAndAStatusWithARoleNeedsIt() {
    var refused = request(login("mallory"), "Public");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asText())
        .isEqualTo(
            "user 'mallory' lacks the 'request' permission on application 'App', environment"
                + " 'Public' (granted through a team's roles)");
    String body =
        "{\"application\": \"App\", \"environment\": \"Dev\", \"process\": \"certify\","
            + " \"versions\": {\"Svc\": \"1.0\"}}";
    // dana may deploy but does not hold the 'approver' role that 'Certified' requires.
    long byDana =
        server.send("POST", "/api/v1/requests", login("dana"), body).json().get("id").asLong();
    await().atMost(Duration.ofSeconds(10)).until(() -> state(byDana).equals("FAILED"));
    assertThat(
            server
                .send("GET", "/api/v1/requests/" + byDana, admin, null)
                .json()
                .get("message")
                .asText())
        .contains(
            "status 'Certified' requires role 'approver', which the requester 'dana' does not hold");
    long byRita =
        server.send("POST", "/api/v1/requests", login("rita"), body).json().get("id").asLong();
    await().atMost(Duration.ofSeconds(10)).until(() -> state(byRita).equals("SUCCEEDED"));
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (MessagingException e) {
      return "";
    }
  }
}
