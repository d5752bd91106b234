package io.shiplock.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.model.BlackoutSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlackoutWindowsTest {
  private static final Instant T = Instant.parse("2026-12-21T12:00:00Z"); // a Monday

  private static BlackoutSpec once(String name, String from, String until, String... envs) {
    return new BlackoutSpec(
        name,
        "App",
        List.of(envs),
        Instant.parse(from),
        Instant.parse(until),
        null,
        null,
        null,
        null);
  }

  private static BlackoutSpec every(String name, String cron, String zone, Duration d) {
    return new BlackoutSpec(name, "App", List.of("Prod"), null, null, cron, zone, d, "why");
  }

  @Test
  void aOneOffWindowIncludesItsStartAndExcludesItsEnd() {
    var specs = List.of(once("freeze", "2026-12-21T00:00:00Z", "2026-12-22T00:00:00Z", "Prod"));
    assertThat(BlackoutWindows.at(specs, "App", "Prod", Instant.parse("2026-12-21T00:00:00Z")))
        .isPresent();
    assertThat(BlackoutWindows.at(specs, "App", "Prod", Instant.parse("2026-12-22T00:00:00Z")))
        .isEmpty();
    assertThat(BlackoutWindows.at(specs, "App", "QA", T)).as("another environment").isEmpty();
    assertThat(BlackoutWindows.at(specs, "Other", "Prod", T)).as("another application").isEmpty();
  }

  @Test
  void overlappingWindowsAreFineAndTheEndIsTheEndOfTheirChain() {
    var specs =
        List.of(
            once("a", "2026-12-21T10:00:00Z", "2026-12-21T14:00:00Z", "Prod"),
            once("b", "2026-12-21T13:00:00Z", "2026-12-21T18:00:00Z", "Prod"),
            once("c", "2026-12-21T18:00:00Z", "2026-12-21T19:00:00Z", "Prod"),
            once("later", "2026-12-21T20:00:00Z", "2026-12-21T21:00:00Z", "Prod"));
    assertThat(BlackoutWindows.at(specs, "App", "Prod", Instant.parse("2026-12-21T13:30:00Z")))
        .hasValueSatisfying(w -> assertThat(w.name()).as("the one ending last").isEqualTo("b"));
    assertThat(BlackoutWindows.clearFrom(specs, "App", "Prod", T))
        .contains(Instant.parse("2026-12-21T19:00:00Z"));
    assertThat(
            BlackoutWindows.clearFrom(specs, "App", "Prod", Instant.parse("2026-12-21T19:30:00Z")))
        .as("out of every window already")
        .contains(Instant.parse("2026-12-21T19:30:00Z"));
  }

  @Test
  void aRecurringWindowFollowsItsTimeZoneAcrossDaylightSaving() {
    // 09:00 to 17:00 on weekdays in New York: 14:00 UTC in winter, 13:00 UTC in summer.
    var specs = List.of(every("hours", "0 9 * * 1-5", "America/New_York", Duration.ofHours(8)));
    assertThat(BlackoutWindows.at(specs, "App", "Prod", Instant.parse("2026-12-21T13:30:00Z")))
        .isEmpty();
    assertThat(BlackoutWindows.at(specs, "App", "Prod", Instant.parse("2026-12-21T14:00:00Z")))
        .hasValueSatisfying(
            w -> {
              assertThat(w.from()).isEqualTo(Instant.parse("2026-12-21T14:00:00Z"));
              assertThat(w.until()).isEqualTo(Instant.parse("2026-12-21T22:00:00Z"));
              assertThat(w.describe())
                  .isEqualTo(
                      "blackout window 'hours' (2026-12-21T14:00:00Z until 2026-12-21T22:00:00Z:"
                          + " why)");
            });
    assertThat(BlackoutWindows.at(specs, "App", "Prod", Instant.parse("2026-07-06T13:30:00Z")))
        .isPresent();
    assertThat(BlackoutWindows.at(specs, "App", "Prod", Instant.parse("2026-12-26T15:00:00Z")))
        .as("a Saturday")
        .isEmpty();
  }

  @Test
  void windowsWithoutAnEndHaveNoClearTime() {
    // Each hour's window lasts the hour: they follow one another for ever.
    var specs = List.of(every("always", "0 * * * *", null, Duration.ofHours(1)));
    assertThat(BlackoutWindows.clearFrom(specs, "App", "Prod", T)).isEmpty();
  }

  @Test
  void theHourThatComesTwiceWhenClocksGoBackIsOneWallClockTime() {
    CronSchedule paris = CronSchedule.parse("30 2 * * *", "Europe/Paris");
    // 2026-10-25: 02:30 in Paris is 00:30Z (summer time), then again 01:30Z (winter time).
    assertThat(
            paris.sameWallClock(
                Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-25T01:30:00Z")))
        .isTrue();
    assertThat(
            paris.sameWallClock(
                Instant.parse("2026-10-25T01:30:00Z"), Instant.parse("2026-10-26T01:30:00Z")))
        .isFalse();
  }

  @Test
  void cronTimesAreAtOrBeforeAndStrictlyAfter() {
    CronSchedule hourly = CronSchedule.parse("0 * * * *", null);
    assertThat(hourly.lastAtOrBefore(T)).contains(T);
    assertThat(hourly.lastAtOrBefore(T.minusMillis(1))).contains(T.minus(Duration.ofHours(1)));
    assertThat(hourly.nextAfter(T)).contains(T.plus(Duration.ofHours(1)));
    assertThatThrownBy(() -> CronSchedule.parse("0 * * *", "UTC"))
        .hasMessageStartingWith("'0 * * *' is not a cron expression of five fields");
    assertThatThrownBy(() -> CronSchedule.parse("0 * * * *", "Nowhere/City"))
        .hasMessageStartingWith("'Nowhere/City' is not a time zone");
  }
}
