package io.shiplock.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up log says where notifications go, and never a password. */
class NotifySettingsTest {
  @Test
  void theStartUpLineSaysWhetherEmailIsOnAndHidesThePassword() {
    assertThat(NotifySettings.from(Map.of()).summary())
        .isEqualTo(
            "email off (set SHIPLOCK_SMTP_HOST to send approval requests and results); webhook off");
    String on =
        NotifySettings.from(
                Map.of(
                    "SHIPLOCK_SMTP_HOST", "mail.example",
                    "SHIPLOCK_SMTP_PORT", "587",
                    "SHIPLOCK_SMTP_USER", "bot",
                    "SHIPLOCK_SMTP_PASSWORD", "s3cret-pw",
                    "SHIPLOCK_SMTP_STARTTLS", "true",
                    "SHIPLOCK_WEBHOOK_URL", "https://hooks.example/x?token=t0ken"))
            .summary();
    assertThat(on)
        .isEqualTo(
            "email via mail.example:587 from shiplock@localhost as bot with STARTTLS; webhook to"
                + " https://hooks.example")
        .doesNotContain("s3cret-pw")
        .doesNotContain("t0ken");
  }
}
