package io.shiplock.server.engine;

import io.shiplock.core.store.Store;
import java.util.ArrayList;
import java.util.List;

/** After a server start: every request that was in flight is advanced (started, or resumed). */
final class OnServerStarted {
  private final Store store;
  private final RequestTx tx;

  OnServerStarted(Store store, RequestTx tx) {
    this.store = store;
    this.tx = tx;
  }

  List<Long> handle() {
    List<Long> effects = new ArrayList<>();
    for (long id : store.read(r -> r.runs().active())) effects.addAll(tx.advance(id).effects());
    return effects;
  }
}
