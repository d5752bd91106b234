package io.shiplock.server.auth.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.server.tls.TestCertificates;
import io.shiplock.server.tls.TestCertificates.KeyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Directory login over TLS against a real slapd with a certificate of the test's own CA: StartTLS
 * and ldaps:// log in when SHIPLOCK_LDAP_CA names that CA, and are refused, saying it is the TLS
 * check, without it, with another CA, or when the certificate names another host.
 */
class LdapTlsTest {
  private static final String USERS =
      Slapd.ALICE
          + """
      dn: cn=deployers,GROUPS
      objectClass: groupOfNames
      cn: deployers
      member: uid=alice,PEOPLE
      """
              .replace("PEOPLE", Slapd.PEOPLE)
              .replace("GROUPS", Slapd.GROUPS);

  private static Path dir;
  private static Path caPem;
  private static Path otherCaPem;
  private static Slapd slapd;
  private static Slapd misnamed;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("shiplock-ldap-tls");
    TestCertificates.Authority ca = TestCertificates.authority("shiplock ldap test CA");
    caPem = ca.writePem(dir.resolve("ca.pem"));
    otherCaPem = TestCertificates.authority("another CA").writePem(dir.resolve("other-ca.pem"));
    slapd = Slapd.start(USERS, tls(ca.issue(TestCertificates.rsa()), "right"));
    misnamed =
        Slapd.start(
            USERS, tls(ca.issueFor(TestCertificates.rsa(), "ldap.elsewhere.test"), "misnamed"));
  }

  private static Slapd.Tls tls(TestCertificates.Issued issued, String name) {
    return new Slapd.Tls(
        issued.writeChain(dir.resolve(name + "-chain.pem")),
        issued.writeKey(dir.resolve(name + "-key.pem"), KeyFormat.PKCS8));
  }

  @AfterAll
  static void stop() throws Exception {
    if (slapd != null) slapd.close();
    if (misnamed != null) misnamed.close();
  }

  private static Directory directory(String url, boolean startTls, Path ca) {
    Map<String, String> env = new HashMap<>();
    env.put("SHIPLOCK_LDAP_URL", url);
    env.put("SHIPLOCK_LDAP_STARTTLS", String.valueOf(startTls));
    env.put("SHIPLOCK_LDAP_BIND_DN", Slapd.ROOT_DN);
    env.put("SHIPLOCK_LDAP_BIND_PASSWORD", Slapd.ROOT_PASSWORD);
    env.put("SHIPLOCK_LDAP_USER_BASE", Slapd.PEOPLE);
    env.put("SHIPLOCK_LDAP_GROUP_BASE", Slapd.GROUPS);
    if (ca != null) env.put("SHIPLOCK_LDAP_CA", ca.toString());
    return new Directory(LdapSettings.from(env).orElseThrow());
  }

  @Test
  void startTlsAndLdapsWithTheDirectorysCaLogInAndReadTheGroups() {
    for (Directory d :
        List.of(directory(slapd.url(), true, caPem), directory(slapd.ldapsUrl(), false, caPem))) {
      assertThat(d.authenticate("alice", "alice-directory-pw"))
          .isEqualTo(
              new Directory.Outcome.Authenticated(
                  "uid=alice," + Slapd.PEOPLE, List.of("deployers")));
      assertThat(d.authenticate("alice", "wrong")).isInstanceOf(Directory.Outcome.Refused.class);
    }
  }

  @Test
  void aCertificateFromACaNotTrustedIsRefusedSayingItIsTheTlsCheck() {
    // Without SHIPLOCK_LDAP_CA the JVM's trust store decides: it does not hold the test CA.
    for (Directory d :
        List.of(
            directory(slapd.url(), true, null),
            directory(slapd.ldapsUrl(), false, null),
            directory(slapd.url(), true, otherCaPem),
            directory(slapd.ldapsUrl(), false, otherCaPem))) {
      assertThatThrownBy(() -> d.authenticate("alice", "alice-directory-pw"))
          .isInstanceOf(DirectoryUnreachable.class)
          .hasMessageContaining(
              "failed the TLS check: its certificate does not come from a CA this server trusts;")
          .hasMessageContaining("SHIPLOCK_LDAP_CA")
          .hasMessageNotContaining(Slapd.ROOT_PASSWORD);
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefusedEvenFromTheTrustedCa() {
    for (Directory d :
        List.of(
            directory(misnamed.url(), true, caPem), directory(misnamed.ldapsUrl(), false, caPem))) {
      assertThatThrownBy(() -> d.authenticate("alice", "alice-directory-pw"))
          .isInstanceOf(DirectoryUnreachable.class)
          .hasMessageContaining(
              "failed the TLS check: its certificate is for another host name than the URL's");
    }
  }
}
