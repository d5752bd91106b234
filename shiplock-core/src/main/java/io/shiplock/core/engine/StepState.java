package io.shiplock.core.engine;

import java.util.Arrays;

/** The life of a step in a run. Allowed moves are explicit, never by ordinal. */
public enum StepState {
  /** Not started (yet). */
  PENDING,
  /** Handed to an agent, not yet reported started. */
  DISPATCHED,
  RUNNING,
  /** A server step waiting on a timer, or a group waiting for its children. */
  WAITING,
  SUCCEEDED,
  FAILED,
  /** Its precondition was false; counts as a success for the edges that follow. */
  SKIPPED,
  CANCELED,
  /** Never reached by any edge when its process ended. */
  NOT_RUN;

  public boolean isTerminal() {
    return switch (this) {
      case SUCCEEDED, FAILED, SKIPPED, CANCELED, NOT_RUN -> true;
      default -> false;
    };
  }

  public boolean isActive() {
    return this == DISPATCHED || this == RUNNING || this == WAITING;
  }

  /** Ended (terminal), as the wire names it; a name this build does not know has not. */
  public static boolean hasEnded(String name) {
    return Arrays.stream(values()).anyMatch(s -> s.name().equals(name) && s.isTerminal());
  }

  public boolean isSuccessful() {
    return this == SUCCEEDED || this == SKIPPED;
  }

  public boolean canMoveTo(StepState next) {
    return switch (this) {
      case PENDING -> next != PENDING;
      case DISPATCHED -> next == RUNNING || next.isTerminal();
      case RUNNING, WAITING -> next.isTerminal() || next == WAITING;
      default -> false;
    };
  }
}
