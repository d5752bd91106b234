package io.shiplock.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.UploadedFile;
import io.shiplock.core.artifacts.FileTree;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Store;
import io.shiplock.core.store.VersionFile;
import io.shiplock.server.artifacts.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * udclient's {@code addVersionFiles}: one multipart request at a fixed address (UCD-COMPAT.md §3.3)
 * with an {@code entryMetadata} part per file or directory and an {@code entryContent-<sha256>}
 * part per distinct content. Each content is checked against its hash and stored once in the
 * content-addressed store; the version's file list is written in one transaction. The client
 * re-sends the whole upload when it sees no 2xx, so a repeat of the same files changes nothing; a
 * different content for a path the version already has is refused (versions do not change).
 */
final class UcdFiles {
  static final String PATH = "/cli-internal/version/addVersionFilesFull";
  private static final Pattern HASH = Pattern.compile("SHA-256\\{([0-9a-f]{64})}");
  private static final Pattern CONTENT = Pattern.compile("entryContent-([0-9a-f]{64})");

  private final Store store;
  private final BlobStore blobs;
  private final UcdNames names;

  UcdFiles(Store store, BlobStore blobs, UcdNames names) {
    this.store = store;
    this.blobs = blobs;
    this.names = names;
  }

  Route route() {
    return new Route(
        HandlerType.POST,
        PATH,
        Access.AUTHENTICATED,
        "udclient addVersionFiles: uploads files into a version (multipart, retried whole).",
        this::add,
        Permission.VIEW,
        false);
  }

  /**
   * {@code downloadVersionArtifacts}: the version's files as a zip, or one file with {@code
   * singleFilePath}. The client saves whatever body comes (and exits 1 even on success, a bug of
   * the client, UCD-COMPAT.md §3.9).
   */
  void download(Context ctx) throws IOException {
    String version = UcdNames.param(ctx, "version", true);
    ComponentVersion v = names.version(ctx, ctx.queryParam("component"), version);
    List<VersionFile> files = store.read(r -> r.versions().files(v.id()));
    String single = ctx.queryParam("singleFilePath");
    if (single != null && !single.isBlank()) {
      VersionFile f =
          files.stream()
              .filter(x -> x.path().equals(single.strip()))
              .findFirst()
              .orElseThrow(
                  () ->
                      ApiException.notFound(
                          "Version '" + v.name() + "' has no file '" + single.strip() + "'"));
      ctx.contentType("application/octet-stream");
      ctx.header("Content-Length", String.valueOf(f.size()));
      try (InputStream in = Files.newInputStream(blob(f))) {
        in.transferTo(ctx.res().getOutputStream());
      }
      return;
    }
    ctx.contentType("application/zip");
    ctx.header(
        "Content-Disposition",
        "attachment; filename=\"" + v.component() + "_" + v.name() + "_artifacts.zip\"");
    try (var zip = new ZipOutputStream(ctx.res().getOutputStream())) {
      for (VersionFile f : files) {
        zip.putNextEntry(new ZipEntry(f.path()));
        try (InputStream in = Files.newInputStream(blob(f))) {
          in.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
  }

  private Path blob(VersionFile f) {
    return blobs
        .find(f.digest())
        .orElseThrow(() -> new IllegalStateException("content of " + f.path() + " is missing"));
  }

  private void add(Context ctx) throws IOException {
    String version = ctx.formParam("version");
    if (version == null || version.isBlank())
      throw ApiException.badRequest("Missing required part 'version'");
    ComponentVersion v = names.version(ctx, ctx.formParam("component"), version.strip());
    ComponentAccess.require(ctx, store, Permission.REQUEST, v.component());
    for (var e : ctx.uploadedFileMap().entrySet()) {
      Matcher m = CONTENT.matcher(e.getKey());
      if (!m.matches()) throw ApiException.badRequest("Unexpected part '" + e.getKey() + "'");
      for (UploadedFile f : e.getValue()) {
        try (InputStream in = f.content()) {
          if (!blobs.put("sha256:" + m.group(1), in, ArtifactHandlers.MAX_BLOB_BYTES))
            throw ApiException.badRequest(
                "The content of part '" + e.getKey() + "' does not have that SHA-256");
        }
      }
    }
    Map<String, VersionFile> files = new LinkedHashMap<>();
    for (String text : ctx.formParams("entryMetadata")) {
      VersionFile f = file(text);
      if (f != null && files.put(f.path(), f) != null)
        throw ApiException.badRequest("Path '" + f.path() + "' is listed twice");
    }
    store.write(
        r -> {
          Map<String, VersionFile> had = new HashMap<>();
          for (VersionFile f : r.versions().files(v.id())) had.put(f.path(), f);
          List<VersionFile> added = new ArrayList<>();
          for (VersionFile f : files.values()) {
            VersionFile old = had.get(f.path());
            if (old == null) added.add(f);
            else if (!old.digest().equals(f.digest()))
              throw new ApiException(
                  409,
                  "conflict",
                  "Version '"
                      + v.name()
                      + "' already has '"
                      + f.path()
                      + "' with other content; versions do not change");
          }
          r.versions().addFiles(v.id(), added);
          return null;
        });
    ctx.status(204);
  }

  /** One {@code entryMetadata}: a regular file, or null for a directory or link (not kept). */
  private VersionFile file(String text) {
    JsonNode m;
    try {
      m = Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw ApiException.badRequest("An entryMetadata part is not JSON: " + text);
    }
    if (m == null || !m.isObject())
      throw ApiException.badRequest("An entryMetadata part is not a JSON object: " + text);
    String type = m.path("type").asText("REGULAR");
    if (!type.equals("REGULAR")) return null;
    String path = m.path("path").asText(null);
    String problem = FileTree.pathProblem(path);
    if (problem != null) throw ApiException.badRequest("entryMetadata: " + problem);
    Matcher hash = HASH.matcher(m.path("contentHash").asText(""));
    if (!hash.matches())
      throw ApiException.badRequest(
          "entryMetadata of '" + path + "': contentHash must be SHA-256{<64 lowercase hex>}");
    String digest = "sha256:" + hash.group(1);
    if (!blobs.has(digest))
      throw ApiException.badRequest(
          "The content of '" + path + "' (" + hash.group(0) + ") was not sent and is not stored");
    long size = m.path("length").asLong(0);
    return new VersionFile(path, digest, size, executable(m.path("unixPermissions").asText("")));
  }

  /** "0755::" (mode:user:group) has an execute bit. */
  private static boolean executable(String permissions) {
    int colon = permissions.indexOf(':');
    String mode = colon < 0 ? permissions : permissions.substring(0, colon);
    if (mode.isBlank()) return false;
    try {
      return (Integer.parseInt(mode, 8) & 0111) != 0;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "unixPermissions must start with an octal mode: " + permissions);
    }
  }
}
