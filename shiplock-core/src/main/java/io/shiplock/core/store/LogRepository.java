package io.shiplock.core.store;

import java.time.Instant;
import java.util.List;

/**
 * Step output, in the chunks agents upload. Each attempt of a step keeps at most a limit of
 * characters: the chunk that crosses it is cut there with a marker, later ones are counted and
 * dropped, so a step (or a hostile agent) that prints without end cannot fill the database.
 */
public interface LogRepository {
  record Chunk(long stepId, int attempt, long seq, String data) {}

  /** What became of an appended chunk. */
  enum Appended {
    STORED,
    /** The same (attempt, seq) was stored already: a retried upload. */
    DUPLICATE,
    /** Stored up to the limit, with the marker; the rest was dropped. */
    CUT,
    /** The limit was reached before: counted, not stored. */
    DROPPED
  }

  /**
   * Stores a chunk unless its (attempt, seq) was seen already, keeping at most {@code limit}
   * characters of the attempt's output.
   */
  Appended append(long stepId, int attempt, long seq, String data, Instant at, long limit);

  /** Characters of an attempt's output that were dropped past its limit. */
  long dropped(long stepId, int attempt);

  /**
   * Ends an attempt's log: when output was dropped, a last line says how much. Appends nothing
   * otherwise, and nothing twice.
   */
  void close(long stepId, int attempt, Instant at);

  /** Chunks of a step after a position (attempt, seq), in order. */
  List<Chunk> read(long stepId, int afterAttempt, long afterSeq, int limit);

  /** The line that ends the kept part of an attempt's output when the limit cut it. */
  static String limitMarker(long limit) {
    return "\n[shiplock] this step's output reached its log limit of "
        + limit
        + " characters; the rest is counted and dropped\n";
  }

  /** The line that closes a log whose output was cut. */
  static String droppedLine(long dropped) {
    return "[shiplock] " + dropped + " characters of output were dropped past the log limit\n";
  }
}
