package io.shiplock.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.User;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people what concerns them: approvers that a request waits for them (with a signed link to
 * decide), requesters how their request ended; and a webhook of every such event (JSON, signed with
 * HMAC-SHA256 in {@code X-Shiplock-Signature: sha256=…}). Sent after the transaction that caused
 * them committed, off the caller's thread; a failure to send is logged, never fails the request.
 */
public final class Notifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NotifySettings settings;
  private final LinkSigner links;
  private final ExecutorService sender = Executors.newVirtualThreadPerTaskExecutor();
  // Made on first use: a client costs a server's start 50 – 200 ms (its TLS context, the trust
  // store), and only a server with a webhook sends.
  private HttpClient http;

  private final Supplier<String> ownUrl;

  /** {@code ownUrl}: the server's address, for links when SHIPLOCK_PUBLIC_URL is not set. */
  public Notifier(NotifySettings settings, LinkSigner links, Supplier<String> ownUrl) {
    this.settings = settings;
    this.links = links;
    this.ownUrl = ownUrl;
  }

  private String baseUrl() {
    String u = settings.publicUrl() != null ? settings.publicUrl() : ownUrl.get();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  public LinkSigner links() {
    return links;
  }

  /** The approval page of one approver for one request. */
  public String approvalLink(long requestId, String user, Instant expires) {
    return baseUrl() + "/approve/" + links.sign(requestId, user, expires);
  }

  public void approvalNeeded(
      Request r, List<User> approvers, Instant linkExpires, boolean commentRequired) {
    for (User u : approvers) {
      if (u.email() == null) continue;
      String link = approvalLink(r.id(), u.name(), linkExpires);
      String body =
          "Hello "
              + u.name()
              + ",\n\n"
              + r.requestedBy()
              + " asks to run "
              + r.process().name()
              + " on "
              + r.environment()
              + " of "
              + r.application()
              + " with "
              + versions(r)
              + ". This environment needs your approval.\n\n"
              + "Approve or reject"
              + (commentRequired ? " (a comment is required)" : "")
              + ":\n"
              + link
              + "\n\nOr with the CLI: shiplock approve "
              + r.id()
              + " --comment \"…\"  /  shiplock reject "
              + r.id()
              + " --comment \"…\"\n\nRequest "
              + r.id()
              + " — this link is yours alone and works until "
              + linkExpires
              + ".\n";
      mail(
          u.email(),
          "[Shiplock] Approval needed: "
              + r.process().name()
              + " on "
              + r.environment()
              + " (request "
              + r.id()
              + ")",
          body);
    }
    webhook("approval.needed", r, null);
  }

  /**
   * A manual step waits for a person: each of {@code people} with an email is told what to do and
   * where to decide (the request's page, the approvals inbox, or the CLI).
   */
  public void taskWaiting(
      Request r, long stepId, String step, String instructions, List<User> people) {
    for (User u : people) {
      if (u.email() == null) continue;
      String body =
          "Hello "
              + u.name()
              + ",\n\nRequest "
              + r.id()
              + " ("
              + r.process().name()
              + " on "
              + r.environment()
              + " of "
              + r.application()
              + ", "
              + versions(r)
              + ") waits for a person at step '"
              + step
              + "'.\n\n"
              + (instructions.isEmpty() ? "" : instructions + "\n\n")
              + "Confirm or refuse, with a comment, in the approvals inbox: "
              + baseUrl()
              + "/ui/approvals\n"
              + "Or with the CLI: shiplock confirm "
              + stepId
              + " --comment \"…\"  /  shiplock refuse "
              + stepId
              + " --comment \"…\"\n";
      mail(
          u.email(),
          "[Shiplock] Confirmation needed: "
              + step
              + " of "
              + r.process().name()
              + " on "
              + r.environment()
              + " (request "
              + r.id()
              + ")",
          body);
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("step", stepId);
    extra.put("stepName", step);
    webhook("task.waiting", r, extra);
  }

  public void requestEnded(Request r, User requester) {
    String state = r.state().name();
    String message = r.message();
    if (requester != null && requester.email() != null) {
      mail(
          requester.email(),
          "[Shiplock] Request "
              + r.id()
              + " "
              + state
              + ": "
              + r.process().name()
              + " on "
              + r.environment(),
          "Request "
              + r.id()
              + " ("
              + r.process().name()
              + " on "
              + r.environment()
              + " of "
              + r.application()
              + ", "
              + versions(r)
              + ") ended: "
              + state
              + (message == null ? "" : "\n\n" + message)
              + "\n\nDetails: "
              + baseUrl()
              + "/api/v1/requests/"
              + r.id()
              + "\n");
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("state", state);
    extra.put("message", message);
    webhook("request.ended", r, extra);
  }

  private static String versions(Request r) {
    if (r.versions().isEmpty()) return "no version";
    return String.join(
        ", ", r.versions().stream().map(v -> v.component() + " " + v.version()).toList());
  }

  private void mail(String to, String subject, String body) {
    if (settings.smtpHost() == null) return;
    sender.execute(
        () -> {
          try {
            Properties p = new Properties();
            p.put("mail.smtp.host", settings.smtpHost());
            p.put("mail.smtp.port", String.valueOf(settings.smtpPort()));
            p.put("mail.smtp.connectiontimeout", "10000");
            p.put("mail.smtp.timeout", "10000");
            if (settings.startTls()) p.put("mail.smtp.starttls.enable", "true");
            Authenticator auth = null;
            if (settings.smtpUser() != null) {
              p.put("mail.smtp.auth", "true");
              auth =
                  new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                      return new PasswordAuthentication(
                          settings.smtpUser(), settings.smtpPassword());
                    }
                  };
            }
            MimeMessage m = new MimeMessage(Session.getInstance(p, auth));
            m.setFrom(new InternetAddress(settings.from()));
            m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
            m.setSubject(subject, "UTF-8");
            m.setText(body, "UTF-8");
            Transport.send(m);
          } catch (MessagingException e) {
            LOG.warn("could not send mail to {}: {}", to, e.toString());
          }
        });
  }

  private void webhook(String event, Request r, Map<String, Object> extra) {
    if (settings.webhookUrl() == null) return;
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("id", r.id());
    request.put("application", r.application());
    request.put("environment", r.environment());
    request.put("process", r.process().name());
    request.put("requestedBy", r.requestedBy());
    request.put(
        "versions",
        r.versions().stream()
            .map(v -> Map.of("component", v.component(), "version", v.version()))
            .toList());
    if (extra != null) request.putAll(extra);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("event", event);
    payload.put("at", Instant.now().toString());
    payload.put("request", request);
    String body;
    try {
      body = JSON.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    sender.execute(
        () -> {
          try {
            HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(settings.webhookUrl()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Shiplock-Event", event)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (settings.webhookSecret() != null)
              b.header("X-Shiplock-Signature", "sha256=" + hmac(settings.webhookSecret(), body));
            HttpResponse<Void> resp =
                http().send(b.build(), HttpResponse.BodyHandlers.discarding());
            if (resp.statusCode() >= 300)
              LOG.warn("webhook {} answered {}", settings.webhookUrl(), resp.statusCode());
          } catch (Exception e) {
            LOG.warn("webhook {} failed: {}", settings.webhookUrl(), e.toString());
          }
        });
  }

  /** Hex HMAC-SHA256 of a body: what a receiver recomputes with the shared secret. */
  public static String hmac(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private synchronized HttpClient http() {
    if (http == null) http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http;
  }

  @Override
  public void close() {
    sender.close();
    synchronized (this) {
      if (http != null) http.close();
    }
  }
}
