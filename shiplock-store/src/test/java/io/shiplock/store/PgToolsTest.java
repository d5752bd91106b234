package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How a JDBC URL becomes pg_dump's connection: the password only in the tool's environment. */
class PgToolsTest {
  @Test
  void hostPortDatabaseAndUserComeFromTheUrlThePasswordGoesToTheEnvironment() {
    PgTools.Target t =
        PgTools.target(
            new DatabaseConfig(
                "jdbc:postgresql://db.example:6543/shiplock?user=ship&password=s%3Dcret&sslmode=require",
                null, null));
    assertThat(t.args())
        .containsExactly(
            "--host", "db.example", "--port", "6543", "--username", "ship", "--no-password")
        .noneMatch(a -> a.contains("s=cret"));
    assertThat(t.database()).isEqualTo("shiplock");
    assertThat(t.env()).containsEntry("PGPASSWORD", "s=cret").containsEntry("PGSSLMODE", "require");
  }

  @Test
  void credentialsGivenBesideTheUrlWinAndDefaultsFillTheRest() {
    PgTools.Target t =
        PgTools.target(new DatabaseConfig("jdbc:postgresql:shiplock", "op", "pw-beside"));
    assertThat(t.host()).isEqualTo("localhost");
    assertThat(t.port()).isEqualTo(5432);
    assertThat(t.database()).isEqualTo("shiplock");
    assertThat(t.user()).isEqualTo("op");
    assertThat(t.env()).containsEntry("PGPASSWORD", "pw-beside");
  }

  @Test
  void aUrlWithSeveralHostsOrNoDatabaseIsRefusedSayingWhy() {
    assertThatThrownBy(
            () ->
                PgTools.target(
                    new DatabaseConfig("jdbc:postgresql://a:5432,b:5432/shiplock", null, null)))
        .hasMessageContaining("one host");
    assertThatThrownBy(
            () -> PgTools.target(new DatabaseConfig("jdbc:postgresql://a:5432/", null, null)))
        .hasMessageContaining("names no database");
  }
}
