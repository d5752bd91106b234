package io.shiplock.core.engine;

import java.util.Arrays;
import java.util.Optional;

/**
 * The life of a request. The engine, the API, the CLI and the web UI all ask this type whether a
 * request is still going, so "active" means one thing everywhere.
 */
public enum RequestState {
  /** Stored; it starts when every approval it needs has been given. */
  WAITING_APPROVAL,
  /**
   * Made (and approved, when its environment asks) for a later time: nothing runs until then, when
   * its gate and approvals are checked again and it is queued.
   */
  SCHEDULED,
  /** Approved (or needing none), not yet advanced. */
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }

  /** Not ended: waiting for approval, scheduled, queued or running. */
  public boolean isActive() {
    return !isTerminal();
  }

  /** Ended, or named by a newer server in a way this client cannot follow: stop watching. */
  public static boolean hasEnded(String name) {
    return parse(name).map(RequestState::isTerminal).orElse(true);
  }

  /** Its steps may be advanced: it passed its approvals and has not ended. */
  public boolean isAdvancing() {
    return this == QUEUED || this == RUNNING;
  }

  /** The state a process outcome ends a request in. */
  public static RequestState of(Outcome outcome) {
    return valueOf(outcome.name());
  }

  /**
   * The state named by the wire (an API answer the CLI reads); empty for a name it does not know.
   */
  public static Optional<RequestState> parse(String name) {
    return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
  }
}
