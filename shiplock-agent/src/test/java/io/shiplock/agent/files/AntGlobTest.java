package io.shiplock.agent.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AntGlobTest {
  private static boolean m(String pattern, String path) {
    return new AntGlob(pattern).matches(path);
  }

  @Test
  void doubleStarSpansNoneOrManyDirectoriesSoTopLevelFilesMatch() {
    assertThat(m("**/*", "app.war")).isTrue();
    assertThat(m("**/*", "lib/x/y.jar")).isTrue();
    assertThat(m("**/*.war", "app.war")).isTrue();
    assertThat(m("**/*.war", "deploy/app.war")).isTrue();
    assertThat(m("**/*.war", "deploy/app.jar")).isFalse();
    assertThat(m("conf/**/*.xml", "conf/a.xml")).isTrue();
    assertThat(m("conf/**/*.xml", "conf/x/y/a.xml")).isTrue();
    assertThat(m("conf/**/*.xml", "other/conf/a.xml")).isFalse();
    assertThat(m("**", "anything/at/all")).isTrue();
  }

  @Test
  void starAndQuestionMarkStayWithinOneName() {
    assertThat(m("*.jar", "a.jar")).isTrue();
    assertThat(m("*.jar", "lib/a.jar")).isFalse();
    assertThat(m("lib/*", "lib/a.jar")).isTrue();
    assertThat(m("lib/*", "lib/x/a.jar")).isFalse();
    assertThat(m("app-?.war", "app-1.war")).isTrue();
    assertThat(m("app-?.war", "app-10.war")).isFalse();
    assertThat(m("a*b*c", "aXXbYYc")).isTrue();
  }

  @Test
  void aTrailingSlashMeansEverythingBelowAndTheDirectoryItself() {
    assertThat(m("logs/", "logs/a/b.log")).isTrue();
    assertThat(m("logs/", "logs")).isTrue();
    assertThat(m("logs/**", "logs")).isTrue();
    assertThat(m("logs/", "logsX/a")).isFalse();
  }

  @Test
  void literalsAreLiteralAndCaseCounts() {
    assertThat(m("a.b", "aXb")).isFalse();
    assertThat(m("a+(b)", "a+(b)")).isTrue();
    assertThat(m("App.war", "app.war")).isFalse();
    assertThat(m("./conf/a.xml", "conf/a.xml")).isTrue();
    assertThat(m("conf\\a.xml", "conf/a.xml")).isTrue();
  }
}
