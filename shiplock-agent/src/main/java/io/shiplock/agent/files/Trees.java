package io.shiplock.agent.files;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/** Deleting part of a directory tree, the one destructive walk the file steps share. */
final class Trees {
  private Trees() {}

  record Deleted(int files, int dirs) {}

  /**
   * Deletes under {@code base} (never {@code base} itself) the entries that are not directories and
   * that {@code files} selects, then the directories {@code dirs} selects that are empty by then: a
   * directory still holding an excluded file stays, without failing the step. Unless {@code
   * follow}, a link is deleted as a link and the walk never leaves {@code base} through it.
   */
  static Deleted delete(Path base, Predicate<String> files, Predicate<String> dirs, boolean follow)
      throws IOException {
    Path root = base.toRealPath();
    int[] counts = new int[2];
    Set<FileVisitOption> options =
        follow ? EnumSet.of(FileVisitOption.FOLLOW_LINKS) : EnumSet.noneOf(FileVisitOption.class);
    Files.walkFileTree(
        root,
        options,
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (files.test(Selection.relative(root, file))) {
              Files.delete(file);
              counts[0]++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof FileSystemLoopException) return FileVisitResult.CONTINUE;
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) throw e;
            if (!dir.equals(root) && dirs.test(Selection.relative(root, dir))) {
              try {
                Files.delete(dir);
                counts[1]++;
              } catch (DirectoryNotEmptyException kept) {
                // It holds something excluded: keeping it is the point of the exclusion.
              }
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new Deleted(counts[0], counts[1]);
  }
}
