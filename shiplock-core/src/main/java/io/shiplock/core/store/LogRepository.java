package io.shiplock.core.store;

import java.time.Instant;
import java.util.List;

/** Step output, in the chunks agents upload. */
public interface LogRepository {
  record Chunk(long stepId, int attempt, long seq, String data) {}

  /** False when the chunk was already stored (a retried upload). */
  boolean append(long stepId, int attempt, long seq, String data, Instant at);

  /** Chunks of a step after a position (attempt, seq), in order. */
  List<Chunk> read(long stepId, int afterAttempt, long afterSeq, int limit);
}
