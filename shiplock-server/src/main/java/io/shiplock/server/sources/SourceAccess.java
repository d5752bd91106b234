package io.shiplock.server.sources;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.transport.URIish;

/**
 * Where sources may import from, a server setting: the schemes a git or registry URL may use
 * (default https, http, ssh, git), the hosts it may name (default any; an entry is a name, a
 * name:port or *.domain), and the directory under which {@code file://} repositories may be read
 * (none by default: {@code file://} is off, so a configuration author cannot import any repository
 * on the server's disk). Redirects are checked against the first address by {@link SameOrigin}.
 */
public record SourceAccess(Set<String> schemes, List<String> hosts, Path fileRoot) {
  /** The network schemes there are; {@code file} is governed by {@link #fileRoot}. */
  public static final Set<String> KNOWN_SCHEMES = Set.of("https", "http", "ssh", "git");

  public SourceAccess {
    schemes = Set.copyOf(schemes);
    hosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    for (String s : schemes) {
      if (s.equals("file"))
        throw new IllegalArgumentException(
            "source schemes: 'file' is allowed by a source root (--source-root DIR or"
                + " SHIPLOCK_SOURCE_ROOT), not by a scheme");
      if (!KNOWN_SCHEMES.contains(s))
        throw new IllegalArgumentException(
            "source schemes: unknown scheme '"
                + s
                + "' (known: "
                + new TreeSet<>(KNOWN_SCHEMES)
                + ")");
    }
    for (String h : hosts)
      if (!h.matches("(\\*\\.)?[a-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9a-f:.]+\\](:\\d{1,5})?"))
        throw new IllegalArgumentException(
            "source hosts: '" + h + "' is not a host, host:port or *.domain");
    if (fileRoot != null) fileRoot = fileRoot.toAbsolutePath().normalize();
  }

  /** Every network scheme, any host, no {@code file://}. */
  public static SourceAccess defaults() {
    return new SourceAccess(KNOWN_SCHEMES, List.of(), null);
  }

  /**
   * From {@code SHIPLOCK_SOURCE_SCHEMES} and {@code SHIPLOCK_SOURCE_HOSTS} (comma-separated) and
   * {@code SHIPLOCK_SOURCE_ROOT}; each absent one keeps its default.
   */
  public static SourceAccess from(Map<String, String> env) {
    String schemes = env.get("SHIPLOCK_SOURCE_SCHEMES");
    String hosts = env.get("SHIPLOCK_SOURCE_HOSTS");
    String root = env.get("SHIPLOCK_SOURCE_ROOT");
    return new SourceAccess(
        blank(schemes) ? KNOWN_SCHEMES : Set.copyOf(list(schemes)),
        blank(hosts) ? List.of() : list(hosts),
        blank(root) ? null : Path.of(root));
  }

  public SourceAccess withFileRoot(Path root) {
    return new SourceAccess(schemes, hosts, root);
  }

  /** One line for the start-up log. */
  public String summary() {
    return "source schemes "
        + new TreeSet<>(schemes)
        + ", hosts "
        + (hosts.isEmpty() ? "any" : hosts)
        + ", file:// "
        + (fileRoot == null ? "off" : "under " + fileRoot);
  }

  /** Where a source connects: scheme, host and port (the scheme's default when not written). */
  public record Origin(String scheme, String host, int port) {
    @Override
    public String toString() {
      return scheme + "://" + host + ":" + port;
    }
  }

  /** Checks a git URL; its origin, or null for a {@code file://} repository under the root. */
  Origin checkGit(String url) throws SourceFailure {
    URIish u;
    try {
      u = new URIish(url);
    } catch (URISyntaxException e) {
      throw new SourceFailure("'" + url + "' is not a git URL");
    }
    String scheme = u.getScheme();
    if (scheme == null) scheme = u.getHost() == null ? "file" : "ssh"; // a path, or user@host:path
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      checkPath(u.getPath());
      return null;
    }
    return check(scheme, u.getHost(), u.getPort());
  }

  /** Checks a registry's address (http or https). */
  Origin checkRegistry(String url) throws SourceFailure {
    URI u = URI.create(url);
    return check(u.getScheme().toLowerCase(Locale.ROOT), u.getHost(), u.getPort());
  }

  private Origin check(String scheme, String host, int port) throws SourceFailure {
    if (!schemes.contains(scheme))
      throw new SourceFailure(
          "the scheme '" + scheme + "' is not allowed (allowed: " + new TreeSet<>(schemes) + ")");
    if (host == null || host.isEmpty()) throw new SourceFailure("the URL names no host");
    Origin o = new Origin(scheme, host.toLowerCase(Locale.ROOT), port > 0 ? port : port(scheme));
    if (!hosts.isEmpty() && hosts.stream().noneMatch(h -> matches(h, o)))
      throw new SourceFailure("the host " + o.host() + ":" + o.port() + " is not allowed");
    return o;
  }

  private static boolean matches(String entry, Origin o) {
    int colon = entry.lastIndexOf(':');
    boolean hasPort = colon > entry.lastIndexOf(']');
    String host = hasPort ? entry.substring(0, colon) : entry;
    if (hasPort && Integer.parseInt(entry.substring(colon + 1)) != o.port()) return false;
    return host.startsWith("*.") ? o.host().endsWith(host.substring(1)) : host.equals(o.host());
  }

  private void checkPath(String path) throws SourceFailure {
    if (fileRoot == null)
      throw new SourceFailure(
          "file:// sources are off: the server needs a source root (--source-root DIR or"
              + " SHIPLOCK_SOURCE_ROOT) that holds the repository");
    Path root = fileRoot;
    Path p = Path.of(path).toAbsolutePath().normalize();
    try {
      // Real paths: a link under the root that points elsewhere is elsewhere.
      if (Files.exists(root)) root = root.toRealPath();
      if (Files.exists(p)) p = p.toRealPath();
    } catch (IOException e) {
      throw new SourceFailure("the path " + path + " cannot be read");
    }
    if (!p.startsWith(root))
      throw new SourceFailure("the path " + path + " is outside the source root " + fileRoot);
  }

  private static int port(String scheme) {
    return switch (scheme) {
      case "https" -> 443;
      case "http" -> 80;
      case "ssh" -> 22;
      default -> 9418; // git
    };
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static List<String> list(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
