package io.shiplock.agent.files;

import static io.shiplock.agent.files.FileStep.count;
import static io.shiplock.agent.files.FileStep.path;

import io.shiplock.agent.step.Params;
import io.shiplock.agent.step.StepFailure;
import io.shiplock.api.AgentStep;
import io.shiplock.api.AgentStep.Context;
import io.shiplock.core.steps.AgentStepTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** {@code files.zip} and {@code files.unzip}, UCD's "Create .zip File" and "Unzip". */
final class ZipSteps {
  private ZipSteps() {}

  /**
   * What one {@code files.unzip} may write: a zip bomb (a few KiB expanding to terabytes) fails the
   * step instead of filling the agent's disk. Deployment archives are far below it.
   */
  static final long MAX_EXTRACTED_BYTES = 4L << 30;

  static AgentStep zip() {
    return new FileStep(AgentStepTypes.FILES_ZIP, ZipSteps::zip);
  }

  static AgentStep unzip(long maxBytes) {
    return new FileStep(AgentStepTypes.FILES_UNZIP, (ctx, p) -> unzip(ctx, p, maxBytes));
  }

  private static int zip(Context ctx, Params p) throws IOException {
    Path zip = path(ctx, p.text("zip"));
    Path base = path(ctx, p.text("baseDir", "."));
    if (!Files.isDirectory(base)) throw new StepFailure("baseDir is not a directory: " + base);
    // The zip may be written inside baseDir: it is never one of its own entries.
    List<String> files = Selection.of(p.list("includes"), p.list("excludes")).files(base, zip);
    boolean update = p.flag("update", false) && Files.exists(zip);
    Files.createDirectories(zip.toAbsolutePath().getParent());
    // Written aside and moved in place, so a failure never leaves a truncated zip behind.
    Path tmp = Files.createTempFile(zip.toAbsolutePath().getParent(), ".zip-", ".tmp");
    long bytes = 0;
    int kept = 0;
    Set<String> names = new HashSet<>();
    try {
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
        for (String rel : files) {
          Path f = base.resolve(rel);
          if (!Files.isRegularFile(f)) continue; // a link to a directory, or a dangling one
          ZipEntry e = new ZipEntry(rel);
          e.setLastModifiedTime(Files.getLastModifiedTime(f));
          out.putNextEntry(e);
          bytes += Files.copy(f, out);
          out.closeEntry();
          names.add(rel);
        }
        if (update) kept = keepOthers(zip, names, out);
      }
      Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    ctx.println(
        (update ? "updated " : "created ")
            + zip
            + " with "
            + count(names.size())
            + " ("
            + bytes
            + " bytes) from "
            + base
            + (update ? "; kept " + count(kept) + " it had" : ""));
    ctx.output("files", String.valueOf(names.size()));
    ctx.output("bytes", String.valueOf(bytes));
    return 0;
  }

  /** Copies the entries of an existing zip that no new file replaces (Ant's update). */
  private static int keepOthers(Path zip, Set<String> replaced, ZipOutputStream out)
      throws IOException {
    int kept = 0;
    try (ZipFile old = new ZipFile(zip.toFile())) {
      for (Enumeration<? extends ZipEntry> en = old.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        if (replaced.contains(e.getName())) continue;
        ZipEntry copy = new ZipEntry(e.getName());
        if (e.getLastModifiedTime() != null) copy.setLastModifiedTime(e.getLastModifiedTime());
        out.putNextEntry(copy);
        try (InputStream in = old.getInputStream(e)) {
          in.transferTo(out);
        }
        out.closeEntry();
        if (!e.isDirectory()) kept++;
      }
    }
    return kept;
  }

  private static int unzip(Context ctx, Params p, long maxBytes) throws IOException {
    Path dir = path(ctx, p.text("dir", "."));
    Selection entries = Selection.of(p.list("includes"), p.list("excludes"));
    boolean overwrite = p.flag("overwrite", true);
    List<Path> zips = zips(ctx, p.list("zip"));
    Unzipper unzipper = new Unzipper(dir, entries, overwrite, maxBytes);
    for (Path zip : zips) {
      // Every entry name is checked before anything is written: a refused zip writes nothing.
      try (ZipFile z = open(zip)) {
        unzipper.check(zip, z);
        unzipper.extract(zip, z);
      }
    }
    ctx.println(
        "extracted "
            + count(unzipper.files())
            + " ("
            + unzipper.bytes()
            + " bytes) from "
            + (zips.size() == 1 ? zips.get(0) : zips.size() + " zip files")
            + " to "
            + dir
            + (unzipper.skipped() > 0 ? "; kept " + count(unzipper.skipped()) + " existing" : ""));
    ctx.output("files", String.valueOf(unzipper.files()));
    ctx.output("bytes", String.valueOf(unzipper.bytes()));
    return 0;
  }

  private static ZipFile open(Path zip) throws IOException {
    try {
      return new ZipFile(zip.toFile());
    } catch (ZipException e) {
      throw new StepFailure("not a zip file: " + zip + " (" + e.getMessage() + ")");
    }
  }

  /**
   * The zip files named: a path names one that must exist, a pattern (relative to the request's
   * directory, or absolute) the files it matches, at least one.
   */
  static List<Path> zips(Context ctx, List<String> names) throws IOException {
    if (names.isEmpty()) throw new StepFailure("parameter 'zip' is required");
    List<Path> out = new ArrayList<>();
    for (String name : names) {
      if (!AntGlob.isPattern(name)) {
        Path zip = path(ctx, name);
        if (!Files.isRegularFile(zip)) throw new StepFailure("zip file not found: " + zip);
        out.add(zip);
        continue;
      }
      // The pattern's directory part without wildcards is where the search starts.
      String glob = name.replace('\\', '/');
      int wild = Math.min(indexOrMax(glob, '*'), indexOrMax(glob, '?'));
      int cut = glob.lastIndexOf('/', wild);
      Path base = path(ctx, cut < 0 ? "." : cut == 0 ? "/" : glob.substring(0, cut));
      Selection s = Selection.of(List.of(glob.substring(cut + 1)), List.of());
      List<String> found = Files.isDirectory(base) ? s.files(base, null) : List.of();
      if (found.isEmpty()) throw new StepFailure("no zip file matches " + name + " in " + base);
      for (String rel : found.stream().sorted().toList()) out.add(base.resolve(rel));
    }
    return out;
  }

  private static int indexOrMax(String s, char c) {
    int i = s.indexOf(c);
    return i < 0 ? Integer.MAX_VALUE : i;
  }
}
