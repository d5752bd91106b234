package io.shiplock.core.ucd.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * What an import found wrong (it fails) and what it left out on request ({@code --skip-unmapped}:
 * it says so). Nothing is ever invented or dropped silently.
 */
final class Problems {
  private final List<ImportProblem> problems = new ArrayList<>();
  private final List<ImportProblem> skipped = new ArrayList<>();
  private final List<ImportProblem> notes = new ArrayList<>();
  private final boolean skipUnmapped;

  Problems(boolean skipUnmapped) {
    this.skipUnmapped = skipUnmapped;
  }

  void add(Node where, String message) {
    problems.add(new ImportProblem(where.file(), where.path(), message));
  }

  /**
   * A step no Shiplock step stands for: a problem, or with {@code --skip-unmapped} a step left out.
   * Returns true when the caller is to leave the step out and go on.
   */
  boolean unmapped(Node where, String message) {
    ImportProblem p = new ImportProblem(where.file(), where.path(), message);
    if (skipUnmapped) {
      skipped.add(p);
      return true;
    }
    problems.add(p);
    return false;
  }

  /** Something the user should know that does not stop the import. */
  void note(Node where, String message) {
    notes.add(new ImportProblem(where.file(), where.path(), message));
  }

  List<ImportProblem> notes() {
    return List.copyOf(notes);
  }

  List<ImportProblem> problems() {
    return List.copyOf(problems);
  }

  List<ImportProblem> skipped() {
    return List.copyOf(skipped);
  }
}
