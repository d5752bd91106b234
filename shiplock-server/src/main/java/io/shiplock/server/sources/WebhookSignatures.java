package io.shiplock.server.sources;

import io.shiplock.server.notify.Notifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Push webhooks of GitHub ({@code X-Hub-Signature-256: sha256=HMAC}), Gitea ({@code
 * X-Gitea-Signature: HMAC}) and GitLab ({@code X-Gitlab-Token: secret}). Pure: headers, body and
 * the shared secret in; the provider that signed it, or nothing. Each delivery carries an id (its
 * provider's header, or {@code X-Shiplock-Delivery}); a delivery whose id or body was seen within
 * {@link #REPLAY_WINDOW} is a replay. The body counts too because the providers sign the body, not
 * the id header: whoever captured a delivery can resend it under a new id, not with a new body.
 */
public final class WebhookSignatures {
  private WebhookSignatures() {}

  /** How long a delivery is remembered: providers retry within minutes, replays come later. */
  public static final Duration REPLAY_WINDOW = Duration.ofHours(24);

  /** The headers that name a delivery, in the order they are looked for. */
  public static final List<String> DELIVERY_HEADERS =
      List.of(
          "X-GitHub-Delivery", "X-Gitlab-Event-UUID", "X-Gitea-Delivery", "X-Shiplock-Delivery");

  /** What a delivery id may be: GUIDs, UUIDs and numbers, and no room for anything else. */
  public static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  /** The delivery's id; header names are lower case. */
  public static Optional<String> deliveryId(Map<String, String> headers) {
    return DELIVERY_HEADERS.stream()
        .map(h -> headers.get(h.toLowerCase(Locale.ROOT)))
        .filter(v -> v != null && !v.isBlank())
        .findFirst();
  }

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
