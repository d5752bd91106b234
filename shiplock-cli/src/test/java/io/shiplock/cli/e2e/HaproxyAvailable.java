package io.shiplock.cli.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy (Debian package {@code haproxy}) for the cluster tests. Under the test command ({@code
 * SHIPLOCK_REQUIRE_DOCKER=1}, which installs it) its absence fails; elsewhere the tests are
 * skipped.
 */
final class HaproxyAvailable {
  private HaproxyAvailable() {}

  static void require() {
    boolean found = find() != null;
    if (!found && System.getenv("SHIPLOCK_REQUIRE_DOCKER") != null)
      throw new AssertionError("no haproxy; scripts/test.sh installs it (Debian package haproxy)");
    assumeTrue(found, "skipped: install haproxy (Debian package haproxy)");
  }

  /** The haproxy executable. */
  static String command() {
    Path p = find();
    if (p == null) throw new IllegalStateException("no haproxy");
    return p.toString();
  }

  private static Path find() {
    // Debian installs it in /usr/sbin, which a non-root PATH may lack.
    List<String> dirs =
        new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin"));
    for (String d : dirs) {
      if (d.isEmpty()) continue;
      Path p = Path.of(d, "haproxy");
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }
}
