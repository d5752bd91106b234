package io.shiplock.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The demo's git repository of the example service (under the server's home): each demo run commits
 * the service as it is, then a change that breaks a test, as a developer would.
 */
final class DemoRepo {
  private final Path repo;

  DemoRepo(Path repo) {
    this.repo = repo;
  }

  Path path() {
    return repo;
  }

  /** Commits the source (made broken when asked) and returns the commit's short id. */
  String commit(Path source, boolean broken, String message) throws IOException {
    try (Git git = open()) {
      copy(source, repo);
      Path data = repo.resolve("service/www/topologies.json");
      if (broken)
        Files.writeString(data, Files.readString(data).replace("clm-enterprise", "clm-missing"));
      // A stamp keeps every run's commits distinct, so every run makes new versions.
      Files.writeString(repo.resolve("service/www/build.txt"), Instant.now() + "\n");
      git.add().addFilepattern(".").call();
      return git.commit()
          .setMessage(message)
          .setAuthor(new PersonIdent("Dana Dev", "dana@example.test"))
          .setCommitter(new PersonIdent("Dana Dev", "dana@example.test"))
          .call()
          .name()
          .substring(0, 10);
    } catch (GitAPIException e) {
      throw new IOException("git: " + e.getMessage(), e);
    }
  }

  private Git open() throws IOException {
    try {
      if (Files.exists(repo.resolve(".git"))) return Git.open(repo.toFile());
      Files.createDirectories(repo);
      return Git.init().setInitialBranch("main").setDirectory(repo.toFile()).call();
    } catch (GitAPIException e) {
      throw new IOException("git init: " + e.getMessage(), e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(t);
        else
          Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** The source and trigger that make the example's versions come from this repository. */
  String configuration() {
    return """
        # Made by `shiplock demo`: versions of SimpleTopologyService come from the demo's git
        # repository, and each new version is built, tested and published by itself.
        kind: Source
        name: simpletopologyservice-git
        component: SimpleTopologyService
        git: {url: "%s", branch: main}
        versionName: "{shortSha}"
        ---
        kind: Trigger
        name: build-each-commit
        application: ContinuousTestServices
        component: SimpleTopologyService
        when: versionCreated
        process: build_test_publish
        environment: Private Docker Registry
        """
        .formatted("file://" + repo.toAbsolutePath());
  }
}
