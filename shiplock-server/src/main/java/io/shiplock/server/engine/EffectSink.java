package io.shiplock.server.engine;

import java.util.List;

/**
 * Where code outside the engine hands the effects it recorded with {@link Outbox#record} once its
 * transaction committed (a version created through the API or imported from a source).
 */
@FunctionalInterface
public interface EffectSink {
  void applyCommitted(List<Long> effectIds);
}
