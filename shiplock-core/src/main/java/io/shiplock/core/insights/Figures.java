package io.shiplock.core.insights;

import java.time.Duration;
import java.time.Instant;

/**
 * The four delivery figures of one environment over one period [{@code since}, {@code until}).
 * Durations and the rate are null when there is nothing to measure (no change deployed, no
 * deployment, no failure restored): "none", never zero.
 *
 * @param deployments successful deployments that finished in the period
 * @param changes versions deployed successfully to the environment for the first time in the
 *     period: the samples of the lead time
 * @param failed deployments that failed in the period
 * @param rolledBack successful deployments of the period that a later one rolled back
 * @param attempts deployments that ended in the period, succeeded or failed: the denominator of the
 *     change failure rate
 * @param restored failures of the period (a run of failed deployments counts once) that a later
 *     successful deployment ended
 * @param unrestored failures of the period no successful deployment has ended yet
 */
public record Figures(
    Instant since,
    Instant until,
    int deployments,
    double deploymentsPerDay,
    double deploymentsPerWeek,
    int changes,
    Duration leadTimeMedian,
    Duration leadTimeP90,
    int failed,
    int rolledBack,
    int attempts,
    Double changeFailureRate,
    int restored,
    int unrestored,
    Duration timeToRestoreMedian) {}
