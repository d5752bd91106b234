package io.shiplock.agent.files;

import static io.shiplock.agent.files.FileStep.count;
import static io.shiplock.agent.files.FileStep.path;

import io.shiplock.agent.step.Params;
import io.shiplock.agent.step.StepFailure;
import io.shiplock.api.AgentStep;
import io.shiplock.api.AgentStep.Context;
import io.shiplock.core.steps.AgentStepTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code files.*} step types: download (the version's files), delete and move here, zip and
 * unzip in {@link ZipSteps}.
 */
public final class FileSteps {
  private FileSteps() {}

  public static List<AgentStep> all() {
    return List.of(
        new FileStep(AgentStepTypes.FILES_DOWNLOAD, FileSteps::download),
        new FileStep(AgentStepTypes.FILES_DELETE, FileSteps::delete),
        new FileStep(AgentStepTypes.FILES_MOVE, FileSteps::move),
        ZipSteps.zip(),
        ZipSteps.unzip(ZipSteps.MAX_EXTRACTED_BYTES));
  }

  /**
   * UCD's "Download Artifacts". The agent has placed the version's files before the step started
   * (in {@code versions/COMPONENT}, a directory it creates even for a version without files), so
   * this copies them: copies, because a step may edit what it deployed without touching the shared
   * copy other steps of the request read.
   */
  static int download(Context ctx, Params p) throws IOException {
    Path source = ctx.versionDir();
    if (!Files.isDirectory(source))
      throw new StepFailure(
          "files.download: this step runs for no version, so there are no files to download"
              + " (run it in a component process that installs a version)");
    Path dir = path(ctx, p.text("dir", "."));
    if (dir.startsWith(source))
      throw new StepFailure("dir must not be inside the version's own files: " + dir);
    boolean clean = p.flag("clean", false);
    if (clean && ctx.runDir().startsWith(dir))
      throw new StepFailure(
          "clean would delete the request's own files in " + dir + "; give a dir below it");
    Selection selection = Selection.of(p.list("includes"), p.list("excludes"));
    List<String> files = selection.files(source, null);
    Files.createDirectories(dir);
    long bytes = 0;
    for (String rel : files) {
      Path target = dir.resolve(rel);
      Files.createDirectories(target.getParent());
      // COPY_ATTRIBUTES keeps the execute bits the agent set when it placed the version.
      Files.copy(
          source.resolve(rel),
          target,
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.COPY_ATTRIBUTES);
      bytes += Files.size(target);
    }
    ctx.println(
        "copied " + count(files.size()) + " (" + bytes + " bytes) of the version to " + dir);
    if (clean) {
      // UCD's sync mode: what the version no longer has goes, directories left empty too.
      Set<String> wanted = Set.copyOf(files);
      Trees.Deleted d = Trees.delete(dir, f -> !wanted.contains(f), x -> true, false);
      ctx.println("clean: deleted " + count(d.files()) + " the version does not have");
    }
    ctx.output("files", String.valueOf(files.size()));
    ctx.output("bytes", String.valueOf(bytes));
    return 0;
  }

  /**
   * UCD's "Delete Files and Directories": a matching directory goes with what it holds, except what
   * an exclude pattern keeps. A missing base directory has nothing to delete, which is not a
   * failure: a first deployment runs the same cleanup as later ones.
   */
  static int delete(Context ctx, Params p) throws IOException {
    Path base = path(ctx, p.text("baseDir", "."));
    List<String> includes = p.list("includes");
    if (includes.isEmpty()) throw new StepFailure("parameter 'includes' is required");
    Selection s = Selection.of(includes, p.list("excludes"));
    if (!Files.isDirectory(base)) {
      ctx.println("nothing to delete: " + base + " is not a directory");
      ctx.output("files", "0");
      return 0;
    }
    Trees.Deleted d =
        Trees.delete(
            base, f -> selected(s, f), f -> selected(s, f), p.flag("followSymlinks", false));
    ctx.println("deleted " + count(d.files()) + " and " + d.dirs() + " directories under " + base);
    ctx.output("files", String.valueOf(d.files()));
    return 0;
  }

  /** Included itself or inside an included directory, and not excluded. */
  static boolean selected(Selection s, String rel) {
    if (s.excluded(rel)) return false;
    if (s.included(rel)) return true;
    for (int i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) {
      String dir = rel.substring(0, i);
      if (s.included(dir) && !s.excluded(dir)) return true;
    }
    return false;
  }

  /**
   * UCD's "Move Directory": the matching files keep their paths relative to {@code sourceDir};
   * directories the move empties go too ({@code sourceDir} itself stays). A {@code destDir} inside
   * {@code sourceDir} is left out of what moves.
   */
  static int move(Context ctx, Params p) throws IOException {
    Path source = path(ctx, p.text("sourceDir"));
    Path dest = path(ctx, p.text("destDir"));
    if (!Files.isDirectory(source))
      throw new StepFailure("sourceDir is not a directory: " + source);
    Files.createDirectories(dest);
    List<String> files = Selection.of(p.list("includes"), p.list("excludes")).files(source, dest);
    Set<String> emptied = new HashSet<>();
    long bytes = 0;
    for (String rel : files) {
      Path from = source.resolve(rel);
      Path target = dest.resolve(rel);
      Files.createDirectories(target.getParent());
      bytes +=
          Files.readAttributes(from, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
      // A link moves as a link; across file systems the file is copied, then deleted.
      Files.move(from, target, StandardCopyOption.REPLACE_EXISTING);
      for (int i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1))
        emptied.add(rel.substring(0, i));
    }
    Trees.delete(source, f -> false, emptied::contains, false);
    ctx.println(
        "moved " + count(files.size()) + " (" + bytes + " bytes) from " + source + " to " + dest);
    ctx.output("files", String.valueOf(files.size()));
    ctx.output("bytes", String.valueOf(bytes));
    return 0;
  }
}
