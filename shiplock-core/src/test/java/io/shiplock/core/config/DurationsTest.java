package io.shiplock.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesHumanAndIsoForms() {
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void refusesWhatIsNotADuration() {
    assertThat(Durations.parse("soon")).isNull();
    assertThat(Durations.parse("5 m")).isNull();
    assertThat(Durations.parse("m5")).isNull();
    assertThat(Durations.parse("")).isNull();
  }

  @Test
  @SuppressWarnings("CanonicalDuration") // 72 hours on purpose: the format turns them into days.
  void formatReadsBack() {
    for (String s : new String[] {"1d2h3m4s5ms", "72h", "45s", "0s"}) {
      assertThat(Durations.parse(Durations.format(Durations.parse(s))))
          .isEqualTo(Durations.parse(s));
    }
    assertThat(Durations.format(Duration.ofHours(72))).isEqualTo("3d");
  }
}
