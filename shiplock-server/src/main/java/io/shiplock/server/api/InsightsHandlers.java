package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.insights.InsightsQuery;
import io.shiplock.core.insights.StoredInsights;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.security.ReadScope;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.answers.InsightsAnswers.EnvironmentInsights;
import io.shiplock.server.api.answers.InsightsAnswers.InsightsAnswer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The delivery insights of an application's environments, computed from the store on each call. */
final class InsightsHandlers {
  private final Store store;
  private final Clock clock;

  InsightsHandlers(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  List<Route> routes() {
    return List.of(
        Route.get(
                "/api/v1/insights",
                "Delivery insights (deployment frequency, lead time, change failure rate, time to"
                    + " restore) of an application's environments, total and per week;"
                    + " ?app=A&env=E&since=30d&until=ISO-8601|DURATION (env: every one you may"
                    + " read).",
                this::insights)
            .answers(InsightsAnswer.class));
  }

  private void insights(Context ctx) {
    String app = ctx.queryParam("app");
    if (app == null || app.isBlank()) throw ApiException.badRequest("give ?app=APPLICATION");
    String env = ctx.queryParam("env");
    if (env != null && env.isBlank()) env = null;
    ReadScope scope = ApiServer.scope(ctx);
    if (env != null) ApiServer.requireRead(scope.refuseEnvironment(app, env));
    else ApiServer.requireRead(scope.refuseApplication(app));
    InsightsQuery q;
    try {
      q = InsightsQuery.parse(ctx.queryParam("since"), ctx.queryParam("until"), clock.instant());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    String only = env;
    var answer =
        store.read(
            r -> {
              if (only != null
                  ? r.config().find(new ObjectKey(Kind.ENVIRONMENT, app, only)).isEmpty()
                  : r.config().find(ObjectKey.of(Kind.APPLICATION, app)).isEmpty())
                throw ApiException.notFound(
                    only != null
                        ? "application '" + app + "' has no environment named '" + only + "'"
                        : "no application named '" + app + "'");
              var periods =
                  StoredInsights.readAll(
                      r, app, e -> only != null ? e.equals(only) : scope.environment(app, e), q);
              List<EnvironmentInsights> out = new ArrayList<>();
              periods.forEach((e, p) -> out.add(EnvironmentInsights.of(e, p)));
              return new InsightsAnswer(app, q.since(), q.until(), out);
            });
    Json.ok(ctx, answer);
  }
}
