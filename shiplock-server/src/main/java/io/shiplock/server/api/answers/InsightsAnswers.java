package io.shiplock.server.api.answers;

import io.shiplock.core.insights.DeliveryInsights;
import io.shiplock.core.insights.Figures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Delivery insights as {@code /api/v1/insights} answers them (docs/insights.md). */
public final class InsightsAnswers {
  private InsightsAnswers() {}

  /** An application's insights over a period, per environment the caller may read. */
  public record InsightsAnswer(
      String application, Instant since, Instant until, List<EnvironmentInsights> environments) {}

  /** One environment: the whole period, and each week of it from {@code since}. */
  public record EnvironmentInsights(
      String environment, FiguresAnswer total, List<FiguresAnswer> weeks) {
    public static EnvironmentInsights of(String environment, DeliveryInsights.Period p) {
      return new EnvironmentInsights(
          environment,
          FiguresAnswer.of(p.total()),
          p.weeks().stream().map(FiguresAnswer::of).toList());
    }
  }

  /**
   * The figures of one period. Durations are whole seconds (rounded down); a duration or rate with
   * nothing to measure is null ("none").
   */
  public record FiguresAnswer(
      Instant since,
      Instant until,
      int deployments,
      double deploymentsPerDay,
      double deploymentsPerWeek,
      int changes,
      @Nullable Long leadTimeMedianSeconds,
      @Nullable Long leadTimeP90Seconds,
      int failed,
      int rolledBack,
      int attempts,
      @Nullable Double changeFailureRate,
      int restored,
      int unrestored,
      @Nullable Long timeToRestoreMedianSeconds) {
    public static FiguresAnswer of(Figures f) {
      return new FiguresAnswer(
          f.since(),
          f.until(),
          f.deployments(),
          f.deploymentsPerDay(),
          f.deploymentsPerWeek(),
          f.changes(),
          seconds(f.leadTimeMedian()),
          seconds(f.leadTimeP90()),
          f.failed(),
          f.rolledBack(),
          f.attempts(),
          f.changeFailureRate(),
          f.restored(),
          f.unrestored(),
          seconds(f.timeToRestoreMedian()));
    }

    private static Long seconds(Duration d) {
      return d == null ? null : d.toSeconds();
    }
  }
}
