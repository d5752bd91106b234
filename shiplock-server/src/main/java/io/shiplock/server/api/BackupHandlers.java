package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.Store;
import io.shiplock.server.audit.Audit;
import io.shiplock.server.backup.BackupWriter;
import io.shiplock.server.backup.Manifest;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup of this server streamed as a zip archive ({@code shiplock backup}). It holds the whole
 * database (users, audit log, every application's data; secure values stay encrypted), so it needs
 * the security permission on every application, as the audit log and users do.
 */
final class BackupHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(BackupHandlers.class);
  private final Store store;
  private final BackupWriter backups;
  private final Clock clock;

  BackupHandlers(Store store, BackupWriter backups, Clock clock) {
    this.store = store;
    this.backups = backups;
    this.clock = clock;
  }

  List<Route> routes() {
    return List.of(
        Route.post(
                "/api/v1/backup",
                "A consistent copy of the database and version files: a zip archive with a"
                    + " manifest of sha256 digests (shiplock backup; restore with shiplock"
                    + " restore).",
                this::backup)
            .needsEverywhere(Permission.SECURITY));
  }

  private void backup(Context ctx) throws IOException {
    String who = ApiServer.principal(ctx).name();
    // Recorded before the copy is taken, so the backup holds its own entry.
    store.write(
        r -> {
          Audit.ok(r, clock.instant(), who, "backup.taken", "server");
          return null;
        });
    ctx.status(200);
    ctx.contentType("application/zip");
    ctx.header("Content-Disposition", "attachment; filename=\"shiplock-backup.zip\"");
    OutputStream out = ctx.res().getOutputStream();
    try {
      Manifest m = backups.write(out);
      out.flush();
      LOG.info(
          "backup taken by {}: {} store, schema {}, {} entries",
          who,
          m.store(),
          m.schemaVersion(),
          m.entries().size());
    } catch (IOException | RuntimeException e) {
      if (!ctx.res().isCommitted()) {
        // Nothing reached the client yet (the database copy failed: pg_dump missing, the
        // database away): a plain error that says why.
        ctx.res().resetBuffer();
        ctx.res().setHeader("Content-Disposition", null);
        LOG.warn("backup by {} failed: {}", who, e.toString());
        throw new ApiException(500, "backup_failed", "the backup failed: " + e.getMessage());
      }
      // The answer has begun: the connection is cut, and the client, seeing an archive without
      // its end, refuses it. A client that went away mid-way lands here too.
      LOG.warn("backup by {} ended early, the archive is incomplete: {}", who, e.toString());
      throw new IOException("backup ended early", e);
    }
  }
}
