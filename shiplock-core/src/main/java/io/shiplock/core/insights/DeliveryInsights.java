package io.shiplock.core.insights;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the delivery figures of one environment from its deployment history: a pure function,
 * history in, figures out (docs/insights.md defines each figure). The history may start long before
 * the period: whether a version was deployed before, and which version a rollback replaced, is read
 * from it.
 */
public final class DeliveryInsights {
  private static final double DAY_MILLIS = Duration.ofDays(1).toMillis();

  private DeliveryInsights() {}

  /** The figures of [{@code since}, {@code until}), seen at {@code until}. */
  public static Figures of(List<Deployment> history, Instant since, Instant until) {
    return walk(ordered(history), since, until, until);
  }

  /**
   * The figures of [{@code since}, {@code until}) and of each week of it from {@code since} (the
   * last week may be shorter), all seen at {@code until}: a week's failure restored in a later week
   * counts in its own week, so the weeks add up to the period.
   */
  public static Period period(List<Deployment> history, Instant since, Instant until) {
    // Sorted once: each week walks the same ordered history.
    List<Deployment> ordered = ordered(history);
    List<Figures> weeks = new ArrayList<>();
    for (Instant from = since; from.isBefore(until); from = from.plus(Duration.ofDays(7))) {
      Instant to = from.plus(Duration.ofDays(7));
      weeks.add(walk(ordered, from, to.isAfter(until) ? until : to, until));
    }
    return new Period(walk(ordered, since, until, until), weeks);
  }

  /** In the order deployments ended (then by request): the order the walk needs. */
  private static List<Deployment> ordered(List<Deployment> history) {
    return history.stream()
        .sorted(
            Comparator.comparing(Deployment::finishedAt).thenComparingLong(Deployment::requestId))
        .toList();
  }

  /** The figures of a whole period and of its weeks, oldest first. */
  public record Period(Figures total, List<Figures> weeks) {
    public Period {
      weeks = List.copyOf(weeks);
    }
  }

  /** What the walk through the history keeps per component: the version there, and who put it. */
  private record Current(Deployment.Change version, Deployment by) {}

  /**
   * The figures of [{@code since}, {@code until}) from an {@link #ordered} history, seen at {@code
   * seenAt}.
   */
  private static Figures walk(
      List<Deployment> ordered, Instant since, Instant until, Instant seenAt) {
    if (!since.isBefore(until))
      throw new IllegalArgumentException("the period must end after it starts");
    Set<Long> deployedBefore = new HashSet<>();
    Map<String, Current> current = new HashMap<>();
    Set<Long> rolledBack = new HashSet<>();
    List<Duration> leadTimes = new ArrayList<>();
    List<Duration> restoreTimes = new ArrayList<>();
    List<Deployment> succeededInPeriod = new ArrayList<>();
    int failed = 0;
    Instant failingSince = null;
    boolean failingInPeriod = false;
    for (Deployment d : ordered) {
      if (!d.finishedAt().isBefore(seenAt)) break;
      boolean inPeriod = !d.finishedAt().isBefore(since) && d.finishedAt().isBefore(until);
      if (!d.succeeded()) {
        if (inPeriod) failed++;
        // A run of failures is one outage: it lasts from the first until a deployment succeeds.
        if (failingSince == null) {
          failingSince = d.finishedAt();
          failingInPeriod = inPeriod;
        }
        continue;
      }
      if (inPeriod) succeededInPeriod.add(d);
      for (Deployment.Change v : d.versions()) {
        if (deployedBefore.add(v.versionId()) && inPeriod)
          leadTimes.add(nonNegative(Duration.between(v.madeAt(), d.finishedAt())));
        Current there = current.get(v.component());
        if (there != null && v.isOlderThan(there.version())) rolledBack.add(there.by().requestId());
        current.put(v.component(), new Current(v, d));
      }
      if (failingSince != null) {
        if (failingInPeriod) restoreTimes.add(Duration.between(failingSince, d.finishedAt()));
        failingSince = null;
      }
    }
    int deployments = succeededInPeriod.size();
    int rolled =
        (int) succeededInPeriod.stream().filter(d -> rolledBack.contains(d.requestId())).count();
    int attempts = deployments + failed;
    double days = Duration.between(since, until).toMillis() / DAY_MILLIS;
    double perDay = deployments / days;
    // Divided by weeks, not multiplied from the day rate: 5 in 14 days is exactly 2.5 a week.
    double perWeek = deployments / (days / 7);
    return new Figures(
        since,
        until,
        deployments,
        perDay,
        perWeek,
        leadTimes.size(),
        median(leadTimes),
        percentile(leadTimes, 90),
        failed,
        rolled,
        attempts,
        attempts == 0 ? null : (failed + rolled) / (double) attempts,
        restoreTimes.size(),
        failingSince != null && failingInPeriod ? 1 : 0,
        median(restoreTimes));
  }

  /** A commit dated after its deployment (a clock off on the committer's machine) counts as 0. */
  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** The middle value; of an even count, the mean of the two middle ones. Null when empty. */
  static Duration median(List<Duration> values) {
    if (values.isEmpty()) return null;
    List<Duration> s = values.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : s.get(n / 2 - 1).plus(s.get(n / 2)).dividedBy(2);
  }

  /**
   * The nearest-rank percentile: the smallest value with at least {@code p} percent of the values
   * at or below it. Null when empty.
   */
  static Duration percentile(List<Duration> values, int p) {
    if (values.isEmpty()) return null;
    List<Duration> s = values.stream().sorted().toList();
    int rank = (p * s.size() + 99) / 100; // ceil(p% of n), in integers: no rounding surprise
    return s.get(Math.max(1, rank) - 1);
  }
}
