package io.shiplock.server.api;

import io.shiplock.core.compare.Comparison;
import io.shiplock.core.compare.EnvironmentState;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.store.Repositories;

/** Reads two environments of an application and compares them (the API's and the page's). */
public final class Comparisons {
  private Comparisons() {}

  /** The comparison; 404 naming what does not exist. */
  public static Comparison of(Repositories r, String app, String left, String right) {
    ApplicationSpec a =
        r.config()
            .find(ObjectKey.of(Kind.APPLICATION, app))
            .map(o -> (ApplicationSpec) o)
            .orElseThrow(() -> ApiException.notFound("no application named '" + app + "'"));
    return Comparison.of(
        app,
        EnvironmentState.read(r, a, environment(r, app, left)),
        EnvironmentState.read(r, a, environment(r, app, right)));
  }

  private static EnvironmentSpec environment(Repositories r, String app, String env) {
    return r.config()
        .find(new ObjectKey(Kind.ENVIRONMENT, app, env))
        .map(o -> (EnvironmentSpec) o)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "application '" + app + "' has no environment named '" + env + "'"));
  }
}
