package io.shiplock.server.notify;

import java.net.URI;
import java.util.Map;

/**
 * Where notifications go, from the environment: SMTP ({@code SHIPLOCK_SMTP_HOST}, {@code _PORT}
 * (25), {@code _FROM}, {@code _USER}, {@code _PASSWORD}, {@code _STARTTLS}), a webhook ({@code
 * SHIPLOCK_WEBHOOK_URL}, signed with {@code SHIPLOCK_WEBHOOK_SECRET}) and the server's address as
 * people reach it, for links ({@code SHIPLOCK_PUBLIC_URL}). Unset parts are simply not used.
 */
public record NotifySettings(
    String smtpHost,
    int smtpPort,
    String from,
    String smtpUser,
    String smtpPassword,
    boolean startTls,
    String publicUrl,
    String webhookUrl,
    String webhookSecret) {
  /** {@code publicUrl} is null when unset: the server's own address is used then. */
  public static NotifySettings from(Map<String, String> env) {
    return new NotifySettings(
        blankToNull(env.get("SHIPLOCK_SMTP_HOST")),
        Integer.parseInt(env.getOrDefault("SHIPLOCK_SMTP_PORT", "25")),
        env.getOrDefault("SHIPLOCK_SMTP_FROM", "shiplock@localhost"),
        blankToNull(env.get("SHIPLOCK_SMTP_USER")),
        blankToNull(env.get("SHIPLOCK_SMTP_PASSWORD")),
        Boolean.parseBoolean(env.getOrDefault("SHIPLOCK_SMTP_STARTTLS", "false")),
        blankToNull(env.get("SHIPLOCK_PUBLIC_URL")),
        blankToNull(env.get("SHIPLOCK_WEBHOOK_URL")),
        blankToNull(env.get("SHIPLOCK_WEBHOOK_SECRET")));
  }

  /** One line for the start-up log: where notifications go, or that they go nowhere. */
  public String summary() {
    String email =
        smtpHost == null
            ? "email off (set SHIPLOCK_SMTP_HOST to send approval requests and results)"
            : "email via "
                + smtpHost
                + ":"
                + smtpPort
                + " from "
                + from
                + (smtpUser == null ? "" : " as " + smtpUser)
                + (startTls ? " with STARTTLS" : "");
    // The webhook's host only: a path or query may carry a token.
    return email + "; webhook " + (webhookUrl == null ? "off" : "to " + webhookHost());
  }

  private String webhookHost() {
    try {
      URI u = URI.create(webhookUrl);
      return u.getScheme() + "://" + u.getHost();
    } catch (IllegalArgumentException e) {
      return "(an invalid address)";
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public String toString() {
    // Never print the SMTP password or the webhook secret.
    return "NotifySettings[smtp=" + smtpHost + ":" + smtpPort + ", webhook=" + webhookUrl + "]";
  }
}
