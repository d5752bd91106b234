package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.store.AuditRepository.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A dump of each store, taken while the store is open, loads into an empty target with the same
 * rows, schema version and key fingerprint; a target that is not empty is refused.
 */
class DatabaseDumpTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "h2", "postgresql"})
  void aDumpOfAnOpenStoreLoadsIntoAnEmptyTarget(String dialect) throws Exception {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Event> written;
    DatabaseDump.Taken taken;
    try (JdbcStore store = JdbcStore.open(TestDatabases.of(dialect))) {
      store.write(
          r -> {
            r.nodes().keepKeyFingerprint("fingerprint-of-the-key", at);
            for (int i = 0; i < 3; i++)
              r.audit().append(Event.of("admin", "test.write", "t" + i, "success", null), at);
            return null;
          });
      written = store.read(r -> r.audit().list(null, null, null, 100));
      Path out = Files.createDirectories(dir.resolve("dump"));
      taken = DatabaseDump.take(store, out);
      if (dialect.equals("postgresql")) {
        DatabaseConfig used = store.config();
        assertThatThrownBy(() -> DatabaseDump.requireEmptyPostgres(used))
            .hasMessageContaining("is not empty");
      }
    }
    assertThat(taken.store()).isEqualTo(dialect);
    assertThat(taken.keyFingerprint()).isEqualTo("fingerprint-of-the-key");
    assertThat(taken.schemaVersion()).matches("\\d+");
    assertThat(taken.file().getFileName().toString()).isEqualTo(DatabaseDump.fileName(dialect));

    DatabaseConfig target;
    if (dialect.equals("postgresql")) {
      target = TestDatabases.postgres();
      DatabaseDump.restorePostgres(taken.file(), target);
    } else {
      Path home = dir.resolve("home");
      DatabaseDump.restoreEmbedded(dialect, taken.file(), home);
      target = DatabaseConfig.embedded(home);
      assertThat(target.dialect()).isEqualTo(dialect);
      assertThatThrownBy(() -> DatabaseDump.restoreEmbedded(dialect, taken.file(), home))
          .hasMessageContaining("already has a database");
    }
    try (JdbcStore restored = JdbcStore.open(target)) {
      List<Event> read = restored.read(r -> r.audit().list(null, null, null, 100));
      Optional<String> fingerprint = restored.read(r -> r.nodes().keyFingerprint());
      assertThat(read).isEqualTo(written);
      assertThat(fingerprint).hasValue("fingerprint-of-the-key");
    }
  }
}
