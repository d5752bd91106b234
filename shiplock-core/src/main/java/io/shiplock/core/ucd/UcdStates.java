package io.shiplock.core.ucd;

import io.shiplock.core.engine.RequestState;

/**
 * A request's state as UrbanCode Deploy reports an application process request: a {@code status}
 * and a {@code result} from UCD's documented sets (UCD-COMPAT.md §3.5). {@code result} is {@code
 * NONE} while the request runs, which is what UCD's CI plugins poll on; a request waiting for an
 * approval is {@code AWAITING APPROVAL}, one an approver rejected {@code APPROVAL REJECTED}.
 */
public final class UcdStates {
  private UcdStates() {}

  /** {status, result}. */
  public static String[] of(RequestState state, boolean rejected) {
    return switch (state) {
      case WAITING_APPROVAL -> new String[] {"PENDING", "AWAITING APPROVAL"};
      case SCHEDULED -> new String[] {"PENDING", "SCHEDULED FOR FUTURE"};
      case QUEUED -> new String[] {"INITIALIZED", "NONE"};
      case RUNNING -> new String[] {"EXECUTING", "NONE"};
      case SUCCEEDED -> new String[] {"CLOSED", "SUCCEEDED"};
      case FAILED -> new String[] {"CLOSED", rejected ? "APPROVAL REJECTED" : "FAULTED"};
      case CANCELED -> new String[] {"CLOSED", "CANCELED"};
    };
  }
}
