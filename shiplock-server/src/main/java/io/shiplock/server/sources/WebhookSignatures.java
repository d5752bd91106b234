package io.shiplock.server.sources;

import io.shiplock.server.notify.Notifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Push webhooks of GitHub ({@code X-Hub-Signature-256: sha256=HMAC}), Gitea ({@code
 * X-Gitea-Signature: HMAC}) and GitLab ({@code X-Gitlab-Token: secret}). Pure: headers, body and
 * the shared secret in; the provider that signed it, or nothing.
 */
public final class WebhookSignatures {
  private WebhookSignatures() {}

  /** Header names are lower case. */
  public static Optional<String> verify(Map<String, String> headers, String body, String secret) {
    String github = headers.get("x-hub-signature-256");
    if (github != null)
      return same(github, "sha256=" + Notifier.hmac(secret, body))
          ? Optional.of("github")
          : Optional.empty();
    String gitea = headers.get("x-gitea-signature");
    if (gitea != null)
      return same(gitea, Notifier.hmac(secret, body)) ? Optional.of("gitea") : Optional.empty();
    String gitlab = headers.get("x-gitlab-token");
    if (gitlab != null) return same(gitlab, secret) ? Optional.of("gitlab") : Optional.empty();
    return Optional.empty();
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
