package io.shiplock.server.engine;

import java.util.List;

/**
 * What a handler's transaction produced: its answer, and the ids of the effects it recorded in the
 * outbox, which the engine applies now that the transaction committed.
 */
record Committed<T>(T value, List<Long> effects) {
  Committed {
    effects = List.copyOf(effects);
  }

  static <T> Committed<T> nothing(T value) {
    return new Committed<>(value, List.of());
  }
}
