package io.shiplock.server.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of what sources may reach: how they are read, refused and matched. */
class SourceAccessTest {
  @Test
  void theDefaultsAllowEveryNetworkSchemeAndHostButNoFiles() throws Exception {
    SourceAccess d = SourceAccess.from(Map.of());
    assertThat(d.checkGit("https://github.com/a/b.git"))
        .isEqualTo(new SourceAccess.Origin("https", "github.com", 443));
    assertThat(d.checkGit("git@github.com:a/b.git").port()).isEqualTo(22);
    assertThat(d.checkGit("git://10.0.0.1/b.git").port()).isEqualTo(9418);
    assertThatThrownBy(() -> d.checkGit("file:///etc"))
        .hasMessageContaining("file:// sources are off");
    assertThatThrownBy(() -> d.checkGit("/etc")).hasMessageContaining("file:// sources are off");
    assertThat(d.summary()).contains("hosts any").contains("file:// off");
  }

  @Test
  void hostsMatchByNamePortAndDomain() throws Exception {
    SourceAccess a =
        SourceAccess.from(
            Map.of("SHIPLOCK_SOURCE_HOSTS", "GitHub.com, *.corp.test:8443, registry.local:5000"));
    a.checkGit("https://github.com/a.git");
    a.checkGit("ssh://git@github.com:2222/a.git");
    a.checkGit("https://git.corp.test:8443/a.git");
    a.checkRegistry("http://registry.local:5000");
    assertThatThrownBy(() -> a.checkGit("https://git.corp.test/a.git"))
        .hasMessage("the host git.corp.test:443 is not allowed");
    assertThatThrownBy(() -> a.checkGit("https://corp.test:8443/a.git"))
        .hasMessage("the host corp.test:8443 is not allowed");
    assertThatThrownBy(() -> a.checkRegistry("http://registry.local:5001"))
        .hasMessage("the host registry.local:5001 is not allowed");
    assertThatThrownBy(() -> a.checkGit("https://github.com.evil.test/a.git"))
        .hasMessageContaining("is not allowed");
  }

  @Test
  void badSettingsAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> SourceAccess.from(Map.of("SHIPLOCK_SOURCE_SCHEMES", "https,ftp")))
        .hasMessage("source schemes: unknown scheme 'ftp' (known: [git, http, https, ssh])");
    assertThatThrownBy(() -> SourceAccess.from(Map.of("SHIPLOCK_SOURCE_SCHEMES", "file")))
        .hasMessageContaining("'file' is allowed by a source root");
    assertThatThrownBy(() -> SourceAccess.from(Map.of("SHIPLOCK_SOURCE_HOSTS", "http://x")))
        .hasMessage("source hosts: 'http://x' is not a host, host:port or *.domain");
    assertThat(SourceAccess.from(Map.of("SHIPLOCK_SOURCE_SCHEMES", "https")).schemes())
        .containsExactly("https");
    assertThat(new SourceAccess(SourceAccess.KNOWN_SCHEMES, List.of(), null).hosts()).isEmpty();
  }
}
