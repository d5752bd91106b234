package io.shiplock.core.ucd.imports;

import java.util.List;
import java.util.stream.Collectors;

/** An export that cannot be imported: every problem, each with its file and JSON path. */
public final class UcdImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ImportProblem> problems;

  public UcdImportException(List<ImportProblem> problems) {
    super(
        problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + " in the UCD export:\n"
            + problems.stream().map(ImportProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ImportProblem> problems() {
    return problems;
  }
}
