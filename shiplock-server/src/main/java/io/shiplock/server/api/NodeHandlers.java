package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.answers.NodeAnswers.NodeAnswer;
import io.shiplock.server.api.answers.NodeAnswers.ServerVersion;
import java.time.Clock;
import java.util.List;

/** The server nodes sharing this database, as their heartbeats show them. */
final class NodeHandlers {
  private final Store store;
  private final Clock clock;
  private final ThisNode self;
  private final String version;

  NodeHandlers(Store store, Clock clock, ThisNode self, String version) {
    this.store = store;
    this.clock = clock;
    this.self = self;
    this.version = version;
  }

  List<Route> routes() {
    return List.of(
        Route.get(
                "/api/v1/nodes",
                "Server nodes on this database: address, version, start, last heartbeat, live.",
                this::list)
            .needsEverywhere(Permission.VIEW)
            .answersListOf(NodeAnswer.class),
        // Any user: a client compares it with its own version (shiplock version).
        Route.get(
                "/api/v1/version",
                "The server's version and the node that answered.",
                ctx -> Json.ok(ctx, new ServerVersion(version, self.id())))
            .selfService()
            .answers(ServerVersion.class));
  }

  private void list(Context ctx) {
    var now = clock.instant();
    Json.ok(
        ctx,
        store.read(r -> r.nodes().list()).stream()
            .map(n -> NodeAnswer.of(n, now, self.heartbeat(), self.id()))
            .toList());
  }
}
