package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.artifacts.FileTree;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.AgentRepository.Identity;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.Store;
import io.shiplock.core.store.VersionFile;
import io.shiplock.server.artifacts.BlobStore;
import io.shiplock.server.engine.Payloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Version artifacts over HTTP. A client asks which contents the server lacks, uploads only those
 * (each checked against its digest), then creates the version naming its files; agents download a
 * version's file list and the blobs they do not have yet.
 */
final class ArtifactHandlers {
  /** One file of a version may be large (an archive, a binary), far beyond a JSON body. */
  static final long MAX_BLOB_BYTES = 4L * 1024 * 1024 * 1024;

  record Digests(List<String> digests) {}

  private final Store store;
  private final BlobStore blobs;
  private final Payloads payloads;

  ArtifactHandlers(Store store, BlobStore blobs, Payloads payloads) {
    this.store = store;
    this.blobs = blobs;
    this.payloads = payloads;
  }

  List<Route> routes() {
    return List.of(
        Route.post(
                "/api/v1/blobs/missing",
                "Which of these content digests the server does not have yet.",
                this::missing)
            .needs(Permission.REQUEST),
        Route.put(
                "/api/v1/blobs/{digest}",
                "Uploads one content blob; refused when it does not match its sha256 digest.",
                this::upload)
            .needs(Permission.REQUEST),
        Route.get(
            "/api/v1/components/{component}/versions/{version}/files",
            "The files of a version: path, digest, size, executable.",
            this::versionFiles),
        Route.get(
                "/api/v1/agent/versions/{id}/files",
                "The files of a version, for an agent about to run a step on it.",
                this::agentVersionFiles)
            .forAgents(),
        Route.get("/api/v1/agent/blobs/{digest}", "One content blob.", this::download).forAgents());
  }

  private void missing(Context ctx) {
    Digests req = Json.body(ctx, Digests.class);
    if (req.digests() == null) throw ApiException.badRequest("give 'digests': [\"sha256:…\"]");
    for (String d : req.digests())
      if (!BlobStore.isDigest(d)) throw ApiException.badRequest("not a sha256 digest: " + d);
    Json.ok(
        ctx,
        Map.of("missing", req.digests().stream().distinct().filter(d -> !blobs.has(d)).toList()));
  }

  private void upload(Context ctx) throws IOException {
    String digest = ctx.pathParam("digest");
    if (!BlobStore.isDigest(digest))
      throw ApiException.badRequest("not a sha256 digest: " + digest);
    boolean had = blobs.has(digest);
    try (InputStream in = ctx.req().getInputStream()) {
      if (!blobs.put(digest, in, MAX_BLOB_BYTES))
        throw new ApiException(
            422,
            "digest_mismatch",
            "the uploaded content does not have digest " + digest + " (or exceeds 4 GiB)");
    }
    Json.send(ctx, had ? 200 : 201, Map.of("digest", digest));
  }

  private void versionFiles(Context ctx) {
    ComponentVersion v = VersionHandlers.version(store, ctx);
    Json.ok(ctx, store.read(r -> r.versions().files(v.id())));
  }

  private void agentVersionFiles(Context ctx) {
    long id = ctx.pathParamAsClass("id", Long.class).get();
    Identity agent = ApiServer.agent(ctx);
    List<VersionFile> files =
        store.read(
            r -> {
              if (!versionsInHand(r, agent.agentId()).contains(id))
                throw new ApiException(
                    403,
                    "forbidden",
                    "agent '"
                        + agent.name()
                        + "' holds no taken, unfinished work on version "
                        + id);
              return r.versions().files(id);
            });
    Json.ok(ctx, Map.of("files", files));
  }

  private void download(Context ctx) {
    String digest = ctx.pathParam("digest");
    Identity agent = ApiServer.agent(ctx);
    boolean mayRead =
        store.read(
            r ->
                versionsInHand(r, agent.agentId()).stream()
                    .anyMatch(
                        v ->
                            r.versions().files(v).stream()
                                .anyMatch(f -> f.digest().equals(digest))));
    // The same answer whether or not the blob exists: an agent learns nothing of other work.
    if (!mayRead)
      throw new ApiException(
          403,
          "forbidden",
          "blob " + digest + " is not a file of any work agent '" + agent.name() + "' holds");
    var path = blobs.find(digest).orElseThrow(() -> ApiException.notFound("no blob " + digest));
    try {
      ctx.contentType("application/octet-stream");
      ctx.header("Content-Length", String.valueOf(Files.size(path)));
      try (InputStream in = Files.newInputStream(path)) {
        in.transferTo(ctx.res().getOutputStream());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The versions of the work an agent holds now: steps it has taken (claimed by one of its polls)
   * and that have not ended. Only their files are the agent's to read.
   */
  private Set<Long> versionsInHand(Repositories r, long agentId) {
    Set<Long> versions = new HashSet<>();
    for (StepRun s : r.runs().inFlightOn(agentId))
      r.work().payload(s.id(), s.attempt()).flatMap(payloads::versionId).ifPresent(versions::add);
    return versions;
  }

  /** Why these files cannot make a version (an odd path, content not uploaded), or null. */
  static String problem(List<VersionFile> files, BlobStore blobs) {
    Set<String> seen = new HashSet<>();
    for (VersionFile f : files) {
      if (f == null) return "a file is null: each is {path, digest, size, executable}";
      String p = FileTree.pathProblem(f.path());
      if (p != null) return p;
      if (!seen.add(f.path())) return "file " + f.path() + " is listed twice";
      if (!BlobStore.isDigest(f.digest()))
        return "file " + f.path() + ": not a sha256 digest: " + f.digest();
      if (!blobs.has(f.digest()))
        return "file "
            + f.path()
            + ": content "
            + f.digest()
            + " was not uploaded (PUT /api/v1/blobs/{digest})";
    }
    return null;
  }
}
