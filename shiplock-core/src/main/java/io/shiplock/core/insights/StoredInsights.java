package io.shiplock.core.insights;

import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.store.Repositories;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** Reads an environment's deployment history from the store and computes its figures. */
public final class StoredInsights {
  private StoredInsights() {}

  /** The figures of an environment over a query's period and its weeks. */
  public static DeliveryInsights.Period read(
      Repositories r, String app, String env, InsightsQuery q) {
    return DeliveryInsights.period(r.runs().deployments(app, env, q.until()), q.since(), q.until());
  }

  /**
   * The figures of each environment of {@code app} that {@code readable} admits (by name), in
   * pipeline order.
   */
  public static Map<String, DeliveryInsights.Period> readAll(
      Repositories r, String app, Predicate<String> readable, InsightsQuery q) {
    Map<String, DeliveryInsights.Period> out = new LinkedHashMap<>();
    r.config().list(Kind.ENVIRONMENT).stream()
        .map(o -> (EnvironmentSpec) o)
        .filter(e -> app.equals(e.application()) && readable.test(e.name()))
        .sorted(
            Comparator.comparingInt(EnvironmentSpec::order).thenComparing(EnvironmentSpec::name))
        .forEach(e -> out.put(e.name(), read(r, app, e.name(), q)));
    return out;
  }
}
