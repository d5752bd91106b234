package io.shiplock.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** Configuration was refused; carries every problem found, not only the first. */
public final class ConfigException extends RuntimeException {
  private final transient List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(
        problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + " in configuration:\n"
            + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
