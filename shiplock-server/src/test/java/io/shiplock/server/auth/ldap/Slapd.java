package io.shiplock.server.auth.ldap;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real OpenLDAP server (Debian's slapd) of the test's own: a slapd.conf and an mdb database in a
 * temporary directory, on a free loopback port, loaded with an LDIF through ldapadd. Its absence
 * fails the test with what to do: ./scripts/test.sh installs slapd and ldap-utils.
 */
final class Slapd implements AutoCloseable {
  static final String BASE = "dc=shiplock,dc=test";
  static final String ROOT_DN = "cn=admin," + BASE;
  static final String ROOT_PASSWORD = "directory-root-secret";
  static final String PEOPLE = "ou=people," + BASE;
  static final String GROUPS = "ou=groups," + BASE;

  /** A person the tests log in as: uid alice, password alice-directory-pw; then a blank line. */
  static final String ALICE =
      """
      dn: uid=alice,PEOPLE
      objectClass: inetOrgPerson
      uid: alice
      cn: Alice
      sn: Deployer
      userPassword: alice-directory-pw

      """
          .replace("PEOPLE", PEOPLE);

  private static final Path SLAPD = Path.of("/usr/sbin/slapd");

  /** The server's certificate chain and key (PEM), for StartTLS and ldaps://. */
  record Tls(Path chain, Path key) {}

  private final Path dir;
  private final int port;
  private final int tlsPort;
  private final Tls tls;
  private Process process;

  private Slapd(Path dir, int port, int tlsPort, Tls tls) {
    this.dir = dir;
    this.port = port;
    this.tlsPort = tlsPort;
    this.tls = tls;
  }

  /** Starts a directory holding {@code ldif} (under {@link #BASE}, which it creates). */
  static Slapd start(String ldif) throws IOException, InterruptedException {
    return start(ldif, null);
  }

  /**
   * As above, and with {@code tls}: StartTLS on {@link #url()} and ldaps:// on {@link #ldapsUrl()}.
   */
  static Slapd start(String ldif, Tls tls) throws IOException, InterruptedException {
    if (!Files.isExecutable(SLAPD) || !onPath("ldapadd"))
      throw new IllegalStateException(
          "slapd or ldap-utils is not installed; run ./scripts/test.sh, which installs Debian's"
              + " slapd and ldap-utils (or: apt-get install slapd ldap-utils)");
    Path dir = Files.createTempDirectory("shiplock-slapd");
    Slapd s = new Slapd(dir, freePort(), tls == null ? 0 : freePort(), tls);
    s.configure();
    s.run();
    s.ldap("ldapadd", base() + ldif);
    return s;
  }

  String url() {
    return "ldap://127.0.0.1:" + port + "/";
  }

  String ldapsUrl() {
    if (tls == null) throw new IllegalStateException("this directory was started without TLS");
    return "ldaps://127.0.0.1:" + tlsPort + "/";
  }

  /** Applies an LDIF of changes (ldapmodify). */
  void modify(String ldif) throws IOException, InterruptedException {
    ldap("ldapmodify", ldif);
  }

  /** Stops the server; the test's directory is gone with it. */
  void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() throws IOException {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  private void configure() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    String conf =
        """
        include /etc/ldap/schema/core.schema
        include /etc/ldap/schema/cosine.schema
        include /etc/ldap/schema/inetorgperson.schema
        include /etc/ldap/schema/nis.schema
        modulepath /usr/lib/ldap
        moduleload back_mdb
        pidfile DIR/slapd.pid
        database mdb
        maxsize 16777216
        suffix "BASE"
        rootdn "ROOT"
        rootpw PASSWORD
        directory DIR/data
        access to attrs=userPassword by self write by anonymous auth by * none
        access to * by * read
        """
            .replace("DIR", dir.toString())
            .replace("BASE", BASE)
            .replace("ROOT", ROOT_DN)
            .replace("PASSWORD", ROOT_PASSWORD);
    // TLS settings are global: they go before the first database.
    if (tls != null)
      conf =
          "TLSCertificateFile %s\nTLSCertificateKeyFile %s\n%s"
              .formatted(tls.chain(), tls.key(), conf);
    Files.writeString(dir.resolve("slapd.conf"), conf);
  }

  private void run() {
    try {
      process =
          new ProcessBuilder(
                  SLAPD.toString(),
                  "-h",
                  tls == null ? url() : url() + " " + ldapsUrl(),
                  "-f",
                  dir.resolve("slapd.conf").toString(),
                  "-d",
                  "0")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("slapd.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              if (!process.isAlive())
                throw new IllegalStateException(
                    "slapd ended at start: " + Files.readString(dir.resolve("slapd.log")));
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
              } catch (IOException e) {
                return false;
              }
            });
  }

  private void ldap(String tool, String ldif) throws IOException, InterruptedException {
    Path file = Files.createTempFile(dir, tool, ".ldif");
    Files.writeString(file, ldif);
    List<String> cmd =
        new ArrayList<>(List.of(tool, "-x", "-H", url(), "-D", ROOT_DN, "-w", ROOT_PASSWORD, "-f"));
    cmd.add(file.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IllegalStateException(tool + " failed: " + out);
  }

  private static String base() {
    return """
        dn: BASE
        objectClass: dcObject
        objectClass: organization
        o: Shiplock tests
        dc: shiplock

        dn: PEOPLE
        objectClass: organizationalUnit
        ou: people

        dn: GROUPS
        objectClass: organizationalUnit
        ou: groups

        """
        .replace("PEOPLE", PEOPLE)
        .replace("GROUPS", GROUPS)
        .replace("BASE", BASE);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String d : path.split(":")) if (Files.isExecutable(Path.of(d, tool))) return true;
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
