package io.shiplock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.server.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code shiplock login} for a directory user while the directory is down: the CLI says the
 * directory is unreachable rather than that the password is wrong. (A successful login would write
 * the developer's own credentials file, so LdapLoginTest covers that through the same route.)
 */
class DirectoryLoginCliTest {
  @Test
  void loginSaysTheDirectoryIsUnreachable() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Map<String, String> env =
        Map.of(
            "SHIPLOCK_LDAP_URL",
            "ldap://127.0.0.1:" + closed,
            "SHIPLOCK_LDAP_USER_BASE",
            "ou=people,dc=example,dc=com");
    try (TestServer server = new TestServer("sqlite", env)) {
      CliRunner.Run r =
          CliRunner.exec(
              "directory-pw\n",
              "login",
              "--user",
              "alice",
              "--password-stdin",
              "--server",
              server.url());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err())
          .contains("directory at ldap://127.0.0.1:" + closed + " is unreachable")
          .contains("local users can");
    }
  }
}
