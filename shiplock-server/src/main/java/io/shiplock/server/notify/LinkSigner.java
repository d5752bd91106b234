package io.shiplock.server.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the approval links sent by email: request, approver and expiry, with an HMAC-SHA256 under a
 * server key. A link lets exactly that approver decide on exactly that request until it expires;
 * the decision is still checked like any other (permission, self-approval, state).
 */
public final class LinkSigner {
  /** What a valid link stands for. */
  public record Link(long requestId, String user, Instant expires) {}

  private final byte[] key;

  public LinkSigner(byte[] key) {
    this.key = key.clone();
  }

  public String sign(long requestId, String user, Instant expires) {
    String payload = requestId + ":" + user + ":" + expires.getEpochSecond();
    return b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + b64(mac(payload));
  }

  public Optional<Link> verify(String token, Instant now) {
    if (token == null) return Optional.empty();
    int dot = token.indexOf('.');
    if (dot < 0) return Optional.empty();
    try {
      String payload =
          new String(
              Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(sig, mac(payload))) return Optional.empty();
      String[] parts = payload.split(":", 3);
      int last = payload.lastIndexOf(':');
      long requestId = Long.parseLong(parts[0]);
      String user = payload.substring(parts[0].length() + 1, last);
      Instant expires = Instant.ofEpochSecond(Long.parseLong(payload.substring(last + 1)));
      if (expires.isBefore(now)) return Optional.empty();
      return Optional.of(new Link(requestId, user, expires));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
