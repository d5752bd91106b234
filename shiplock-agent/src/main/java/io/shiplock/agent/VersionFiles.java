package io.shiplock.agent;

import io.shiplock.core.artifacts.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts a version's files in a run's directory before its steps need them. Contents are cached on
 * this host by digest ({@code workDir/blobs}), so a new version downloads only what changed; the
 * files are copies, so a step that edits one never corrupts the cache. Steps of one request share
 * the copy: the first places it, the others wait for it.
 */
final class VersionFiles {
  private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final ServerClient client;
  private final Path cache;

  VersionFiles(ServerClient client, Path workDir) {
    this.client = client;
    this.cache = workDir.resolve("blobs");
  }

  /**
   * Makes {@code dir} hold the files of version {@code versionId}; returns how many it placed, or
   * -1 when an earlier step of the request had placed them already.
   */
  int place(long versionId, Path dir) throws IOException, InterruptedException {
    Path done = dir.resolveSibling(dir.getFileName() + ".complete");
    synchronized (LOCKS.computeIfAbsent(dir, d -> new Object())) {
      if (Files.exists(done) && Files.readString(done).equals(String.valueOf(versionId))) return -1;
      // Reliably: a step that starts while the server restarts waits for it, never fails for it.
      Map<String, Object> answer =
          client.reliably("GET", "/api/v1/agent/versions/" + versionId + "/files", null);
      List<?> files = answer.get("files") instanceof List<?> l ? l : List.of();
      Files.createDirectories(dir);
      Files.createDirectories(cache);
      for (Object o : files) {
        Map<?, ?> f = (Map<?, ?>) o;
        String path = String.valueOf(f.get("path"));
        String digest = String.valueOf(f.get("digest"));
        String problem = FileTree.pathProblem(path);
        if (problem != null) throw new IOException("the server sent a bad file path: " + problem);
        Path blob = blob(digest);
        Path target = dir.resolve(path).normalize();
        if (!target.startsWith(dir))
          throw new IOException("file path leaves the directory: " + path);
        Files.createDirectories(target.getParent());
        Files.copy(blob, target, StandardCopyOption.REPLACE_EXISTING);
        if (Boolean.TRUE.equals(f.get("executable"))) target.toFile().setExecutable(true, false);
      }
      Files.writeString(done, String.valueOf(versionId));
      return files.size();
    }
  }

  /** The cached content of a digest, downloaded and checked when it is not cached yet. */
  private Path blob(String digest) throws IOException, InterruptedException {
    if (!digest.matches("sha256:[0-9a-f]{64}"))
      throw new IOException("the server sent a bad digest: " + digest);
    Path cached = cache.resolve(digest.substring(7));
    if (Files.exists(cached)) return cached;
    Path tmp = Files.createTempFile(cache, ".download-", ".tmp");
    try {
      client.downloadReliably("/api/v1/agent/blobs/" + digest, tmp);
      String got = FileTree.digest(tmp);
      if (!got.equals(digest))
        throw new IOException("downloaded content of " + digest + " has digest " + got);
      Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return cached;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
