package io.shiplock.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {
  @Test
  void durationsReadInSecondsMinutesAndHours() {
    assertThat(Times.duration(Duration.ofMillis(0))).isEqualTo("< 0.1 s");
    assertThat(Times.duration(Duration.ofMillis(99))).isEqualTo("< 0.1 s");
    assertThat(Times.duration(Duration.ofMillis(140))).isEqualTo("0.1 s");
    assertThat(Times.duration(Duration.ofMillis(7_080))).isEqualTo("7.1 s");
    assertThat(Times.duration(Duration.ofMillis(59_940))).isEqualTo("59.9 s");
    // Rounding never shows "60.0 s".
    assertThat(Times.duration(Duration.ofMillis(59_960))).isEqualTo("1 min 0 s");
    assertThat(Times.duration(Duration.ofSeconds(123))).isEqualTo("2 min 3 s");
    assertThat(Times.duration(Duration.ofMillis(123_400))).isEqualTo("2 min 3 s");
    assertThat(Times.duration(Duration.ofSeconds(3599))).isEqualTo("59 min 59 s");
    assertThat(Times.duration(Duration.ofSeconds(3600 + 5 * 60 + 7))).isEqualTo("1 h 5 min");
    assertThat(Times.duration(Duration.ofHours(26))).isEqualTo("26 h 0 min");
    // A clock step backwards never shows a negative duration.
    assertThat(Times.duration(Duration.ofSeconds(-3))).isEqualTo("< 0.1 s");
    assertThat(Times.duration(null)).isEmpty();
  }

  @Test
  void instantsReadToTheSecondInUtcAndKeepTheirExactValue() {
    Instant at = Instant.parse("2026-11-30T21:05:09.123456Z");
    assertThat(Times.readable(at)).isEqualTo("2026-11-30 21:05:09 UTC");
    assertThat(Times.iso(at)).isEqualTo("2026-11-30T21:05:09.123456Z");
    // HTML's datetime attribute takes at most milliseconds.
    assertThat(Times.datetime(at)).isEqualTo("2026-11-30T21:05:09.123Z");
    assertThat(Times.readable(null)).isEmpty();
  }
}
