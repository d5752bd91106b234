package io.shiplock.cli.e2e;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The start-up cache of the tests' `shiplock` processes, made as the launcher makes its own
 * (README, docs/benchmarks.md): one training start of a server per set of JVM flags, then every
 * process of that set maps what it loaded and linked. The suite starts about a hundred servers and
 * agents; a start on the test class path takes about 1 s less from the cache (3.1 s to 2.1 s to
 * ready and stopped, measured by hand on this project's 2-core machine).
 *
 * <p>A cache refuses directories on the class path, so the processes run on jars: the test JVM's
 * class path with each directory (this module's classes, its test classes) made into a jar, once
 * per test JVM. Nothing else changes: the same classes, the same order. Without a JDK 25 (whose
 * {@code -XX:AOTCacheOutput} trains and writes in one run), or when a training fails, processes
 * start without a cache, only slower.
 */
final class LaunchCache {
  private static final Path DIR =
      Path.of("target", "e2e-launch", String.valueOf(ProcessHandle.current().pid()))
          .toAbsolutePath();
  private static final Map<List<String>, Optional<Path>> CACHES = new ConcurrentHashMap<>();
  private static final AtomicInteger TRAININGS = new AtomicInteger();
  private static String classPath;

  static {
    // Tens of MB a test JVM, left at its exit (surefire's fork ends without running shutdown
    // hooks): an earlier JVM's are removed here, so runs without `clean` do not pile them up.
    deleteAll(DIR.getParent());
  }

  private LaunchCache() {}

  /** The processes' class path: the test JVM's, in jars. */
  static synchronized String classPath() {
    if (classPath == null) {
      List<String> entries = new ArrayList<>();
      int n = 0;
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path p = Path.of(entry);
        entries.add(Files.isDirectory(p) ? jar(p, DIR.resolve("dir-" + n++ + ".jar")) : entry);
      }
      classPath = String.join(File.pathSeparator, entries);
    }
    return classPath;
  }

  /** The JVM options that map the cache for processes started with {@code jvm}; none without. */
  static List<String> options(List<String> jvm) {
    if (Runtime.version().feature() < 25) return List.of();
    return CACHES
        .computeIfAbsent(List.copyOf(jvm), LaunchCache::train)
        .map(cache -> List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"))
        .orElse(List.of());
  }

  /** One server started until ready and stopped, recording the cache as it exits. */
  private static Optional<Path> train(List<String> jvm) {
    int n = TRAININGS.getAndIncrement();
    Path cache = DIR.resolve("cache-" + n + ".aot");
    try {
      Files.deleteIfExists(cache); // a directory of an earlier JVM with this pid: not its cache
      Path home = DIR.resolve("home-" + n);
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvm);
      cmd.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-cp", classPath()));
      cmd.addAll(
          List.of(
              "io.shiplock.cli.Main",
              "server",
              "--home",
              home.toString(),
              "--host",
              "127.0.0.1",
              "--port",
              "0",
              "--stop-when-ready"));
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(DIR.resolve("train-" + n + ".log").toFile());
      pb.environment().put("SHIPLOCK_ADMIN_PASSWORD", "training-only");
      Process p = pb.start();
      boolean ended = p.waitFor(2, TimeUnit.MINUTES);
      if (!ended) p.destroyForcibly();
      return ended && p.exitValue() == 0 && Files.isRegularFile(cache)
          ? Optional.of(cache)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static void deleteAll(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException | UncheckedIOException e) {
      // best effort; target/ goes with the next clean
    }
  }

  private static String jar(Path dir, Path jar) {
    try {
      Files.createDirectories(jar.getParent());
      try (OutputStream out = Files.newOutputStream(jar);
          JarOutputStream j = new JarOutputStream(out);
          Stream<Path> files = Files.walk(dir)) {
        // Directories get entries too: a resource directory looked up by name (Flyway's
        // migrations) is found in a jar only through its entry.
        for (Path f : files.filter(f -> !f.equals(dir)).sorted().toList()) {
          String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
          boolean isDir = Files.isDirectory(f);
          j.putNextEntry(new JarEntry(isDir ? name + "/" : name));
          if (!isDir) Files.copy(f, j);
          j.closeEntry();
        }
      }
      return jar.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
