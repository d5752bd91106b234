package io.shiplock.cli;

import java.util.List;

/** A failure to report on stderr with a non-zero exit code; details are printed one per line. */
final class CliException extends RuntimeException {
  private final transient List<String> details;

  CliException(String message) {
    this(message, List.of());
  }

  CliException(String message, List<String> details) {
    super(message);
    this.details = List.copyOf(details);
  }

  List<String> details() {
    return details;
  }
}
