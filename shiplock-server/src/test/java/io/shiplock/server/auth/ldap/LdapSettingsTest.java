package io.shiplock.server.auth.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.server.ServerSettings;
import io.shiplock.server.ShiplockServer;
import io.shiplock.server.StartRefused;
import io.shiplock.server.TestServer;
import io.shiplock.server.sources.SourceAccess;
import io.shiplock.server.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory settings from the environment: defaults, the password file, and bad values. */
class LdapSettingsTest {
  private static final Map<String, String> GOOD =
      Map.of(
          "SHIPLOCK_LDAP_URL", "ldap://ldap.example.com",
          "SHIPLOCK_LDAP_USER_BASE", "ou=people,dc=example,dc=com");

  private static Map<String, String> with(String key, String value) {
    Map<String, String> env = new HashMap<>(GOOD);
    env.put(key, value);
    return env;
  }

  @Test
  void noUrlMeansNoDirectoryAndTheDefaultsAreUidAndMember() {
    assertThat(LdapSettings.from(Map.of())).isEmpty();
    LdapSettings s = LdapSettings.from(GOOD).orElseThrow();
    assertThat(s.userFilter()).isEqualTo("(uid={0})");
    assertThat(s.groupFilter()).isEqualTo("(member={dn})");
    assertThat(s.groupBase()).isNull();
  }

  @Test
  void theBindPasswordComesFromAFileAndIsNeverPrinted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "s3cret-bind\n");
    Map<String, String> env = with("SHIPLOCK_LDAP_BIND_PASSWORD_FILE", file.toString());
    env.put("SHIPLOCK_LDAP_BIND_DN", "cn=shiplock,dc=example,dc=com");
    LdapSettings s = LdapSettings.from(env).orElseThrow();
    assertThat(s.bindPassword()).isEqualTo("s3cret-bind");
    assertThat(s.summary() + s).doesNotContain("s3cret-bind").contains("cn=shiplock");
  }

  @Test
  void badSettingsAreRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> LdapSettings.from(with("SHIPLOCK_LDAP_URL", "http://x")))
        .hasMessageContaining("SHIPLOCK_LDAP_URL must start with ldap:// or ldaps://");
    assertThatThrownBy(() -> LdapSettings.from(with("SHIPLOCK_LDAP_USER_FILTER", "(uid=fixed)")))
        .hasMessageContaining("must contain {0}");
    assertThatThrownBy(
            () -> LdapSettings.from(with("SHIPLOCK_LDAP_BIND_DN", "cn=x,dc=example,dc=com")))
        .hasMessageContaining("go together");
    Map<String, String> tls = with("SHIPLOCK_LDAP_URL", "ldaps://x");
    tls.put("SHIPLOCK_LDAP_STARTTLS", "true");
    assertThatThrownBy(() -> LdapSettings.from(tls)).hasMessageContaining("ldaps:// is TLS");
    assertThatThrownBy(() -> LdapSettings.from(Map.of("SHIPLOCK_LDAP_URL", "ldap://x")))
        .hasMessageContaining("SHIPLOCK_LDAP_USER_BASE is missing");
  }

  @Test
  void aCaFileThatIsMissingHoldsNoCertificateOrHasNoTlsToCheckIsRefused(@TempDir Path dir)
      throws Exception {
    Map<String, String> ldaps = with("SHIPLOCK_LDAP_URL", "ldaps://ldap.example.com");
    ldaps.put("SHIPLOCK_LDAP_CA", dir.resolve("absent.pem").toString());
    assertThatThrownBy(() -> LdapSettings.from(ldaps))
        .hasMessage("SHIPLOCK_LDAP_CA " + dir.resolve("absent.pem") + ": no such file");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
    ldaps.put("SHIPLOCK_LDAP_CA", garbage.toString());
    assertThatThrownBy(() -> LdapSettings.from(ldaps))
        .hasMessageStartingWith("SHIPLOCK_LDAP_CA " + garbage);
    Path ca = TestCertificates.authority("ldap CA").writePem(dir.resolve("ca.pem"));
    ldaps.put("SHIPLOCK_LDAP_CA", ca.toString());
    assertThat(LdapSettings.from(ldaps).orElseThrow().trusted()).hasSize(1);
    assertThat(LdapSettings.from(ldaps).orElseThrow().summary()).contains("trusting 1 CA(s)");
    Map<String, String> plain = with("SHIPLOCK_LDAP_CA", ca.toString());
    assertThatThrownBy(() -> LdapSettings.from(plain))
        .hasMessageContaining("SHIPLOCK_LDAP_CA is set but the directory connection is not TLS");
  }

  @Test
  void theServerDoesNotStartWithBadDirectorySettings() {
    ServerSettings settings =
        new ServerSettings(
            "127.0.0.1", 0, TestServer.newHome(), null, null, null, "pw", SourceAccess.defaults());
    assertThatThrownBy(
            () -> ShiplockServer.start(settings, with("SHIPLOCK_LDAP_URL", "ldapx://nowhere")))
        .isInstanceOf(StartRefused.class)
        .hasMessageContaining("SHIPLOCK_LDAP_URL");
  }
}
