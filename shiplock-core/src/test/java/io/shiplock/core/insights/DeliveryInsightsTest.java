package io.shiplock.core.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.insights.Deployment.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The four figures over a known history, without a database: every number is exact. */
class DeliveryInsightsTest {
  private static final Instant T = Instant.parse("2026-01-05T00:00:00Z");
  private static final Instant UNTIL = T.plus(Duration.ofDays(14));

  private static Instant at(long days, long hours, long minutes) {
    return T.plus(Duration.ofDays(days)).plusSeconds(hours * 3600 + minutes * 60);
  }

  /**
   * A version committed at {@code committed} (null: made another way, created at {@code created}).
   */
  private static Change version(long id, Instant committed, Instant created) {
    return new Change("Svc", "v" + id, id, committed, created);
  }

  private static final Change V1 = version(1, at(-2, 0, 0), at(-1, 0, 0));
  private static final Change V2 = version(2, at(1, 0, 0), at(1, 0, 5));
  private static final Change V3 = version(3, at(2, 0, 0), at(2, 0, 5));
  private static final Change V4 = version(4, null, at(8, 0, 0));
  private static final Change V5 = version(5, at(9, 0, 0), at(9, 0, 5));

  private static Deployment ok(long id, Instant at, Change v) {
    return new Deployment(id, at, true, List.of(v));
  }

  private static Deployment failed(long id, Instant at, Change v) {
    return new Deployment(id, at, false, List.of(v));
  }

  /**
   * Two weeks: a change before the period, two failures in a row then a success (one outage), a
   * version without a commit time rolled back by a later deployment of an older version, a failure
   * restored after 30 minutes, a failure not restored, and a deployment after the period.
   */
  private static final List<Deployment> HISTORY =
      List.of(
          ok(1, at(-1, 0, 0), V1),
          ok(2, at(1, 2, 0), V2), // lead time 2 h
          failed(3, at(2, 4, 0), V3), // an outage starts
          failed(4, at(2, 6, 0), V3), // the same outage
          ok(5, at(3, 0, 0), V3), // lead time 24 h; restored after 20 h
          ok(6, at(8, 1, 0), V4), // lead time 1 h (from its creation), rolled back by 7
          ok(7, at(8, 3, 0), V3), // an older version: a rollback, no new change
          failed(8, at(10, 0, 0), V5),
          ok(9, at(10, 0, 30), V5), // lead time 24 h 30 min; restored after 30 min
          failed(10, at(13, 0, 0), V5), // not restored within the period
          ok(11, at(15, 0, 0), V5)); // after the period: not seen

  @Test
  void theFiguresOfThePeriodAreExact() {
    Figures f = DeliveryInsights.of(HISTORY, T, UNTIL);
    assertThat(f.deployments()).isEqualTo(5);
    assertThat(f.deploymentsPerDay()).isEqualTo(5 / 14.0);
    assertThat(f.deploymentsPerWeek()).isEqualTo(2.5);
    assertThat(f.changes()).isEqualTo(4);
    // 1 h, 2 h, 24 h, 24 h 30 min: the mean of the middle two, and the 4th of 4 (nearest rank).
    assertThat(f.leadTimeMedian()).isEqualTo(Duration.ofHours(13));
    assertThat(f.leadTimeP90()).isEqualTo(Duration.ofMinutes(24 * 60 + 30));
    assertThat(f.failed()).isEqualTo(4);
    assertThat(f.rolledBack()).isEqualTo(1);
    assertThat(f.attempts()).isEqualTo(9);
    assertThat(f.changeFailureRate()).isEqualTo(5 / 9.0);
    assertThat(f.restored()).isEqualTo(2);
    assertThat(f.unrestored()).isEqualTo(1);
    // 30 min and 20 h.
    assertThat(f.timeToRestoreMedian()).isEqualTo(Duration.ofMinutes(615));
  }

  @Test
  void theWeeksAddUpToThePeriod() {
    var p = DeliveryInsights.period(HISTORY, T, UNTIL);
    assertThat(p.total()).isEqualTo(DeliveryInsights.of(HISTORY, T, UNTIL));
    assertThat(p.weeks()).hasSize(2);
    Figures w1 = p.weeks().get(0);
    assertThat(w1.since()).isEqualTo(T);
    assertThat(w1.until()).isEqualTo(at(7, 0, 0));
    assertThat(w1.deployments()).isEqualTo(2);
    assertThat(w1.deploymentsPerWeek()).isEqualTo(2.0);
    assertThat(w1.leadTimeMedian()).isEqualTo(Duration.ofHours(13));
    assertThat(w1.leadTimeP90()).isEqualTo(Duration.ofHours(24));
    assertThat(w1.failed()).isEqualTo(2);
    assertThat(w1.changeFailureRate()).isEqualTo(0.5);
    assertThat(w1.restored()).isEqualTo(1);
    assertThat(w1.timeToRestoreMedian()).isEqualTo(Duration.ofHours(20));
    Figures w2 = p.weeks().get(1);
    assertThat(w2.deployments()).isEqualTo(3);
    assertThat(w2.changes()).isEqualTo(2);
    assertThat(w2.leadTimeMedian()).isEqualTo(Duration.ofMinutes(12 * 60 + 45));
    assertThat(w2.rolledBack()).isEqualTo(1);
    assertThat(w2.attempts()).isEqualTo(5);
    assertThat(w2.changeFailureRate()).isEqualTo(0.6);
    assertThat(w2.unrestored()).isEqualTo(1);
    assertThat(w2.timeToRestoreMedian()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void aLastWeekCutShortEndsAtTheEndOfThePeriod() {
    var p = DeliveryInsights.period(HISTORY, T, at(10, 0, 0));
    assertThat(p.weeks()).extracting(Figures::until).containsExactly(at(7, 0, 0), at(10, 0, 0));
    // Week 2 is three days long.
    assertThat(p.weeks().get(1).deployments()).isEqualTo(2);
    assertThat(p.weeks().get(1).deploymentsPerDay()).isEqualTo(2 / 3.0);
  }

  @Test
  void aFailureRestoredAfterItsWeekCountsInItsWeekWithItsWholeTime() {
    List<Deployment> h = List.of(failed(1, at(6, 0, 0), V2), ok(2, at(8, 0, 0), V2));
    var p = DeliveryInsights.period(h, T, UNTIL);
    assertThat(p.weeks().get(0).timeToRestoreMedian()).isEqualTo(Duration.ofDays(2));
    assertThat(p.weeks().get(1).restored()).isZero();
    // Seen at the end of week 1 only, it is not restored yet.
    assertThat(DeliveryInsights.of(h, T, at(7, 0, 0)).unrestored()).isEqualTo(1);
  }

  @Test
  void withoutDeploymentsEveryFigureIsNoneOrZero() {
    Figures f = DeliveryInsights.of(List.of(), T, UNTIL);
    assertThat(f.deployments()).isZero();
    assertThat(f.deploymentsPerDay()).isZero();
    assertThat(f.leadTimeMedian()).isNull();
    assertThat(f.leadTimeP90()).isNull();
    assertThat(f.changeFailureRate()).isNull();
    assertThat(f.timeToRestoreMedian()).isNull();
    assertThat(f.unrestored()).isZero();
  }

  @Test
  void withoutFailuresTheRateIsZeroAndRestoreTimeIsNone() {
    Figures f =
        DeliveryInsights.of(List.of(ok(1, at(1, 1, 0), V2), ok(2, at(2, 1, 0), V3)), T, UNTIL);
    assertThat(f.changeFailureRate()).isEqualTo(0.0);
    assertThat(f.timeToRestoreMedian()).isNull();
    assertThat(f.restored()).isZero();
    assertThat(f.leadTimeMedian()).isEqualTo(Duration.ofMinutes(60));
  }

  @Test
  void aRedeployOfTheSameVersionIsNeitherAChangeNorARollback() {
    Figures f =
        DeliveryInsights.of(List.of(ok(1, at(1, 2, 0), V2), ok(2, at(1, 5, 0), V2)), T, UNTIL);
    assertThat(f.deployments()).isEqualTo(2);
    assertThat(f.changes()).isEqualTo(1);
    assertThat(f.rolledBack()).isZero();
  }

  @Test
  void aCommitDatedAfterItsDeploymentCountsAsNoTime() {
    Change future = version(9, at(2, 0, 0), at(1, 0, 0));
    Figures f = DeliveryInsights.of(List.of(ok(1, at(1, 1, 0), future)), T, UNTIL);
    assertThat(f.leadTimeMedian()).isEqualTo(Duration.ZERO);
  }

  @Test
  void percentilesUseTheNearestRank() {
    List<Duration> minutes = new ArrayList<>();
    for (int i = 1; i <= 10; i++) minutes.add(Duration.ofMinutes(i));
    assertThat(DeliveryInsights.percentile(minutes, 90)).isEqualTo(Duration.ofMinutes(9));
    assertThat(DeliveryInsights.median(minutes)).isEqualTo(Duration.ofSeconds(330));
    assertThat(DeliveryInsights.percentile(List.of(Duration.ofMinutes(7)), 90))
        .isEqualTo(Duration.ofMinutes(7));
    assertThat(DeliveryInsights.median(List.of())).isNull();
  }

  @Test
  void anEmptyPeriodIsRefused() {
    assertThatThrownBy(() -> DeliveryInsights.of(HISTORY, UNTIL, T))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must end after it starts");
  }

  @Test
  void periodsAreReadAsInstantsOrDurationsBackAndBadOnesAreNamed() {
    Instant now = Instant.parse("2026-02-01T12:00:00Z");
    assertThat(InsightsQuery.parse(null, null, now))
        .isEqualTo(new InsightsQuery(now.minus(Duration.ofDays(30)), now));
    assertThat(InsightsQuery.parse("7d", "1d", now))
        .isEqualTo(new InsightsQuery(now.minus(Duration.ofDays(7)), now.minus(Duration.ofDays(1))));
    assertThat(InsightsQuery.parse("2026-01-01T00:00:00Z", "2026-01-15T00:00:00Z", now).since())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThatThrownBy(() -> InsightsQuery.parse("thirty days", null, now))
        .hasMessage(
            "since must be an instant (2026-11-01T00:00:00Z) or a duration back from now (30d,"
                + " 12h), not 'thirty days'");
    assertThatThrownBy(() -> InsightsQuery.parse("1d", "7d", now))
        .hasMessageContaining("must be before until");
    assertThatThrownBy(() -> InsightsQuery.parse("800d", null, now))
        .hasMessageContaining("longer than 731 days");
    assertThatThrownBy(() -> InsightsQuery.parse(null, "-1000000000-01-01T00:00:00Z", now))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("until must be within the years 1 to 9999, not '-1000000000-01-01T00:00:00Z'");
  }
}
