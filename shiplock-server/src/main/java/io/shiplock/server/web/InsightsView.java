package io.shiplock.server.web;

import io.shiplock.core.insights.DeliveryInsights;
import io.shiplock.core.insights.Figures;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The insights page's data: per environment the period's figures as sentences, and each figure as a
 * bar chart of its weeks, laid out here so the template only writes SVG elements (no JavaScript
 * draws them).
 */
public record InsightsView(
    String application, Instant since, Instant until, List<Environment> environments) {
  /** Chart geometry in SVG user units; the stylesheet scales the whole picture. */
  static final int WIDTH = 320;

  static final int HEIGHT = 150;
  static final int LEFT = 8;
  static final int TOP = 16;
  static final int PLOT = 100;

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  public record Environment(
      String name,
      String frequency,
      String leadTime,
      String failureRate,
      String restore,
      List<Chart> charts) {}

  /** One figure over the weeks; {@code id} names it for tests and styles. */
  public record Chart(String id, String title, String max, List<Bar> bars) {
    public int width() {
      return WIDTH;
    }

    public int height() {
      return HEIGHT;
    }

    /** The base line of the bars. */
    public int baseY() {
      return TOP + PLOT;
    }

    public int labelY() {
      return TOP + PLOT + 14;
    }
  }

  /**
   * A week's bar: where it stands, its height (0 when the week has nothing to measure), the week's
   * first day as its label, and its value as text ("none" when there is nothing to measure).
   */
  public record Bar(int x, int y, int w, int h, String label, String value) {
    public int labelX() {
      return x + w / 2;
    }
  }

  public static InsightsView of(
      String app, Instant since, Instant until, Map<String, DeliveryInsights.Period> periods) {
    List<Environment> envs = new ArrayList<>();
    periods.forEach((name, p) -> envs.add(environment(name, p)));
    return new InsightsView(app, since, until, envs);
  }

  private static Environment environment(String name, DeliveryInsights.Period p) {
    Figures t = p.total();
    String frequency =
        t.deployments()
            + " successful deployment"
            + (t.deployments() == 1 ? "" : "s")
            + String.format(
                Locale.ROOT,
                " (%.2f a day, %.2f a week)",
                t.deploymentsPerDay(),
                t.deploymentsPerWeek());
    String lead =
        t.leadTimeMedian() == null
            ? "none (no version deployed here for the first time)"
            : "median "
                + human(t.leadTimeMedian())
                + ", 90th percentile "
                + human(t.leadTimeP90())
                + " ("
                + t.changes()
                + " version"
                + (t.changes() == 1 ? "" : "s")
                + ")";
    String rate =
        t.changeFailureRate() == null
            ? "none (no deployment)"
            : percent(t.changeFailureRate())
                + " ("
                + (t.failed() + t.rolledBack())
                + " of "
                + t.attempts()
                + ": "
                + t.failed()
                + " failed, "
                + t.rolledBack()
                + " rolled back)";
    String restore =
        t.timeToRestoreMedian() == null
            ? "none (no failure restored)"
            : "median " + human(t.timeToRestoreMedian()) + " (" + t.restored() + " restored)";
    if (t.unrestored() > 0) restore += "; a failure is not restored yet";
    List<Chart> charts =
        List.of(
            chart(
                "frequency",
                "Successful deployments",
                p.weeks(),
                f -> (double) f.deployments(),
                f -> String.valueOf(f.deployments())),
            chart(
                "lead-time",
                "Lead time for changes (median)",
                p.weeks(),
                f -> hours(f.leadTimeMedian()),
                f -> f.leadTimeMedian() == null ? "none" : human(f.leadTimeMedian())),
            chart(
                "failure-rate",
                "Change failure rate",
                p.weeks(),
                Figures::changeFailureRate,
                f -> f.changeFailureRate() == null ? "none" : percent(f.changeFailureRate())),
            chart(
                "restore",
                "Time to restore (median)",
                p.weeks(),
                f -> hours(f.timeToRestoreMedian()),
                f -> f.timeToRestoreMedian() == null ? "none" : human(f.timeToRestoreMedian())));
    return new Environment(name, frequency, lead, rate, restore, charts);
  }

  /** Bars scaled to the largest week; a week with nothing to measure has no bar. */
  static Chart chart(
      String id,
      String title,
      List<Figures> weeks,
      Function<Figures, Double> value,
      Function<Figures, String> text) {
    double max = 0;
    String maxText = "";
    for (Figures f : weeks) {
      Double v = value.apply(f);
      if (v != null && v > max) {
        max = v;
        maxText = text.apply(f);
      }
    }
    int n = Math.max(1, weeks.size());
    int slot = (WIDTH - 2 * LEFT) / n;
    int w = Math.max(2, slot * 2 / 3);
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < weeks.size(); i++) {
      Figures f = weeks.get(i);
      Double v = value.apply(f);
      int h = v == null || max <= 0 ? 0 : (int) Math.round(v / max * PLOT);
      int x = LEFT + i * slot + (slot - w) / 2;
      bars.add(new Bar(x, TOP + PLOT - h, w, h, DAY.format(f.since()), text.apply(f)));
    }
    return new Chart(id, title, maxText, bars);
  }

  private static Double hours(Duration d) {
    return d == null ? null : d.toMillis() / 3_600_000.0;
  }

  static String percent(double rate) {
    return String.format(Locale.ROOT, "%.0f%%", rate * 100);
  }

  /** Minutes under an hour, hours and minutes under two days, then days and hours. */
  static String human(Duration d) {
    long m = d.toMinutes();
    if (m < 1) return d.toSeconds() + " s";
    if (m < 60) return m + " min";
    if (m < 48 * 60) return m / 60 + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
    long h = d.toHours();
    return h / 24 + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
  }
}
