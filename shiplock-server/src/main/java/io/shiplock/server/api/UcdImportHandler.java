package io.shiplock.server.api;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.shiplock.core.config.ConfigException;
import io.shiplock.core.config.Plan;
import io.shiplock.core.config.Problem;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.model.Permission;
import io.shiplock.core.service.ConfigService;
import io.shiplock.core.ucd.imports.ImportProblem;
import io.shiplock.core.ucd.imports.UcdImport;
import io.shiplock.core.ucd.imports.UcdImportException;
import io.shiplock.core.ucd.imports.UcdImporter;
import io.shiplock.server.audit.Audit;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /rest/deploy/application/import}: UCD's application import, multipart with the export
 * in {@code file}, as UCD's own scripts send it. The export becomes configuration (as {@code
 * shiplock import ucd} does) and is applied in one transaction with its audit entry: all of it or,
 * on any problem, nothing. Statuses and agents the server already holds are left as they are.
 */
final class UcdImportHandler {
  private final ConfigService config;

  UcdImportHandler(ConfigService config) {
    this.config = config;
  }

  List<Route> routes() {
    return List.of(
        Route.post(
                "/rest/deploy/application/import",
                "UCD REST: imports an application export (multipart 'file') and applies it.",
                this::importApplication)
            // An import creates and changes configuration like an apply: as wide as apply.
            .needsEverywhere(Permission.CONFIGURE));
  }

  private void importApplication(Context ctx) throws IOException {
    String skip = ctx.queryParam("skipUnmapped");
    boolean skipUnmapped = skip != null && skip.toLowerCase(Locale.ROOT).equals("true");
    List<SourceFile> files = new ArrayList<>();
    UcdImport imported;
    try {
      for (UploadedFile f : ctx.uploadedFiles("file")) {
        try (InputStream in = f.content()) {
          files.add(UcdImporter.source(f.filename(), in.readAllBytes()));
        }
      }
      if (files.isEmpty()) throw ApiException.badRequest("Missing required part 'file'");
      imported = UcdImporter.convert(files, skipUnmapped, key -> config.find(key).isPresent());
    } catch (UcdImportException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    List<SourceFile> yaml =
        imported.files().entrySet().stream()
            .map(e -> new SourceFile(e.getKey(), e.getValue()))
            .toList();
    String user = ApiServer.principal(ctx).name();
    Plan plan;
    try {
      plan =
          config.apply(
              yaml,
              false,
              user,
              (r, applied) ->
                  Audit.record(
                      r,
                      Instant.now(),
                      user,
                      "ucd.import",
                      "revision " + applied.revision(),
                      "success",
                      applied.summary()
                          + " from "
                          + String.join(", ", files.stream().map(SourceFile::name).toList())));
    } catch (ConfigException e) {
      // UCD's clients show only the plain text: every problem goes in it, or all the user learns
      // is how many there are (a cycle, a role that does not exist, a component no file holds).
      throw new ApiException(
          422,
          "invalid_configuration",
          e.problems().size()
              + (e.problems().size() == 1 ? " problem" : " problems")
              + " in the configuration the UCD export becomes (the files 'shiplock import ucd'"
              + " writes); nothing was changed:\n"
              + String.join("\n", e.problems().stream().map(Problem::toString).toList()),
          List.of());
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("applied", !plan.isEmpty());
    answer.put("revision", plan.revision());
    answer.put("summary", plan.summary());
    answer.put("changes", plan.changes().stream().map(Object::toString).toList());
    answer.put("skipped", imported.skipped().stream().map(ImportProblem::toString).toList());
    answer.put("notes", imported.notes().stream().map(ImportProblem::toString).toList());
    Json.ok(ctx, answer);
  }
}
