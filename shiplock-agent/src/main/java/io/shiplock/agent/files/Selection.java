package io.shiplock.agent.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files under a directory a step works on: those an include pattern matches and no exclude
 * pattern does, as in an Ant fileset. Paths are relative, with {@code /} separators.
 */
record Selection(List<AntGlob> includes, List<AntGlob> excludes) {
  static final List<String> EVERYTHING = List.of("**/*");

  static Selection of(List<String> includes, List<String> excludes) {
    List<String> in = includes.isEmpty() ? EVERYTHING : includes;
    return new Selection(
        in.stream().map(AntGlob::new).toList(), excludes.stream().map(AntGlob::new).toList());
  }

  boolean included(String path) {
    return includes.stream().anyMatch(g -> g.matches(path));
  }

  boolean excluded(String path) {
    return excludes.stream().anyMatch(g -> g.matches(path));
  }

  boolean selects(String path) {
    return included(path) && !excluded(path);
  }

  /**
   * The selected entries under {@code base} that are not directories (files, and links as links: a
   * linked directory is never entered, so a selection cannot reach outside {@code base}), in walk
   * order. {@code skip}, when not null, is a subtree left out (a destination inside the source).
   */
  List<String> files(Path base, Path skip) throws IOException {
    // The base itself may be a link (/opt/app -> app-1.2): that one is followed.
    Path root = base.toRealPath();
    Path skipped = skip != null && Files.exists(skip) ? skip.toRealPath() : null;
    List<String> out = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return dir.equals(skipped) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String rel = relative(root, file);
            if (!file.equals(skipped) && selects(rel)) out.add(rel);
            return FileVisitResult.CONTINUE;
          }
        });
    return out;
  }

  static String relative(Path base, Path p) {
    return base.relativize(p).toString().replace('\\', '/');
  }
}
