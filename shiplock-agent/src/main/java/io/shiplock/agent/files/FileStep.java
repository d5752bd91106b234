package io.shiplock.agent.files;

import io.shiplock.agent.step.Params;
import io.shiplock.agent.step.StepFailure;
import io.shiplock.api.AgentStep;
import io.shiplock.api.StepType;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A file step: its declaration and an action on this host's files. Every failure ends as one line
 * in the step log that names the path, and exit code 1.
 */
record FileStep(StepType declaration, Action action) implements AgentStep {
  interface Action {
    int run(Context ctx, Params p) throws IOException;
  }

  @Override
  public int run(Context ctx) throws IOException, InterruptedException {
    try {
      return action.run(ctx, new Params(ctx.with()));
    } catch (StepFailure e) {
      ctx.println(e.getMessage());
      return 1;
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
      ctx.println(explain(e));
      return 1;
    }
  }

  /** A path of configuration: relative to the request's directory, or absolute (/opt/app). */
  static Path path(Context ctx, String text) {
    return ctx.runDir().resolve(text).normalize();
  }

  static String explain(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      String what =
          e instanceof NoSuchFileException
              ? "no such file or directory"
              : e instanceof AccessDeniedException
                  ? "permission denied"
                  : e instanceof FileAlreadyExistsException
                      ? "already exists"
                      : e instanceof DirectoryNotEmptyException
                          ? "directory not empty"
                          : e instanceof NotDirectoryException
                              ? "not a directory"
                              : f.getReason() != null
                                  ? f.getReason()
                                  : e.getClass().getSimpleName();
      return what
          + ": "
          + f.getFile()
          + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
    }
    return e.toString();
  }

  static String count(int n) {
    return n + (n == 1 ? " file" : " files");
  }
}
