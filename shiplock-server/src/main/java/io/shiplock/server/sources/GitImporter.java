package io.shiplock.server.sources;

import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.model.SourceSpec;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Conflict;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.Store;
import io.shiplock.core.store.VersionFile;
import io.shiplock.server.artifacts.BlobStore;
import io.shiplock.server.audit.Audit;
import io.shiplock.server.engine.Effect;
import io.shiplock.server.engine.EffectSink;
import io.shiplock.server.engine.Outbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a git source: fetches the branch into a bare mirror under {@code home/sources}, turns
 * each commit after the last imported one into a version (named by the source's template; commit
 * sha, author, date and message as version properties; the tree at that commit as its files, in the
 * content-addressed blob store), oldest first, then lets triggers see each new version. The first
 * import takes the branch head only; after a force push the new head only. One import per source at
 * a time; a version that exists already is skipped, never duplicated.
 */
public final class GitImporter {
  /** A flood of commits is imported in slices; the next check takes the rest. */
  static final int MAX_COMMITS_PER_IMPORT = 50;

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  public record Result(String source, List<String> created, String head) {}

  private final Store store;
  private final BlobStore blobs;
  private static final Logger LOG = LoggerFactory.getLogger(GitImporter.class);
  private final Clock clock;
  private final Path mirrors;
  private final EffectSink afterCommit;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final RegistryTags registry = new RegistryTags();

  private final SecretBox secrets;
  private final SourceAccess access;

  public GitImporter(
      Store store,
      BlobStore blobs,
      Clock clock,
      Path mirrors,
      EffectSink afterCommit,
      SecretBox secrets,
      SourceAccess access) {
    this.secrets = secrets;
    this.access = access;
    this.store = store;
    this.blobs = blobs;
    this.clock = clock;
    this.mirrors = mirrors;
    this.afterCommit = afterCommit;
  }

  /** Imports what is new; a failure is recorded on the source's state and thrown. */
  public Result importNow(SourceSpec source) {
    synchronized (locks.computeIfAbsent(source.name(), n -> new Object())) {
      try {
        Result r =
            source.isGit()
                ? doImport(source, access.checkGit(source.gitUrl()))
                : importTags(source, access.checkRegistry(source.registryUrl()));
        store.write(
            x -> {
              x.sources()
                  .checked(
                      source.name(),
                      r.created().isEmpty() ? null : r.head(),
                      null,
                      clock.instant());
              return null;
            });
        return r;
      } catch (IOException | GitAPIException | RuntimeException | InterruptedException e) {
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        String message =
            "import of "
                + (source.isGit()
                    ? source.gitUrl() + " (" + source.branch() + ")"
                    : source.registryUrl() + "/" + source.repository())
                + " failed: "
                + ImportErrors.describe(e);
        // The operator's log keeps the cause; viewers only ever see the chosen message above.
        LOG.warn("{}", message, e);
        store.write(
            x -> {
              x.sources().checked(source.name(), null, message, clock.instant());
              return null;
            });
        throw new ImportFailed(message, e);
      }
    }
  }

  /** An import that failed: the message names the repository and branch. */
  public static final class ImportFailed extends RuntimeException {
    ImportFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** {@code origin} null: a {@code file://} repository (under the source root). */
  private Result doImport(SourceSpec source, SourceAccess.Origin origin)
      throws IOException, GitAPIException {
    Path dir = mirrors.resolve(source.name() + ".git");
    String ref = "refs/heads/" + source.branch();
    try (SshAccess ssh = sshAccess(source)) {
      TransportConfigCallback callback =
          transport -> {
            if (ssh != null) ssh.callback().configure(transport);
            if (transport instanceof TransportHttp http)
              http.setHttpConnectionFactory(
                  new SameOrigin(http.getHttpConnectionFactory(), origin));
          };
      if (!Files.exists(dir.resolve("HEAD"))) {
        Files.createDirectories(mirrors);
        Git.cloneRepository()
            .setCredentialsProvider(credentials(source))
            .setTransportConfigCallback(callback)
            .setURI(source.gitUrl())
            .setDirectory(dir.toFile())
            .setBare(true)
            .setBranchesToClone(List.of(ref))
            .setBranch(ref)
            .call()
            .close();
      } else {
        try (Git git = Git.open(dir.toFile())) {
          git.fetch()
              .setCredentialsProvider(credentials(source))
              .setTransportConfigCallback(callback)
              .setRemote(source.gitUrl())
              .setRefSpecs("+" + ref + ":" + ref)
              .setRemoveDeletedRefs(false)
              .call();
        }
      }
    }
    try (Repository repo = Git.open(dir.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId head = repo.resolve(ref);
      if (head == null) throw new SourceFailure("branch '" + source.branch() + "' does not exist");
      String last =
          store.read(r -> r.sources().state(source.name())).map(s -> s.lastSha()).orElse(null);
      List<RevCommit> todo = new ArrayList<>();
      RevCommit headCommit = walk.parseCommit(head);
      if (last == null) {
        todo.add(headCommit); // the first import takes the head only
      } else if (!last.equals(head.name())) {
        ObjectId lastId = ObjectId.fromString(last);
        boolean ancestor =
            repo.getObjectDatabase().has(lastId)
                && walk.isMergedInto(walk.parseCommit(lastId), headCommit);
        walk.reset();
        if (!ancestor) {
          todo.add(headCommit); // force-pushed: only the new head
        } else {
          walk.markStart(walk.parseCommit(head));
          walk.markUninteresting(walk.parseCommit(lastId));
          for (RevCommit c : walk) todo.add(c);
          Collections.reverse(todo); // oldest first
          if (todo.size() > MAX_COMMITS_PER_IMPORT) todo = todo.subList(0, MAX_COMMITS_PER_IMPORT);
        }
      }
      List<String> created = new ArrayList<>();
      String newest = last;
      for (RevCommit c : todo) {
        String name = versionName(source.versionName(), c);
        if (createVersion(source, repo, c, name)) created.add(name);
        newest = c.name();
      }
      return new Result(source.name(), created, newest == null ? head.name() : newest);
    }
  }

  /**
   * A registry source: every tag that matches and is not a version yet becomes one (named by the
   * tag; image reference and digest as properties; no files). A tag deleted from the registry
   * leaves its version as it is.
   */
  private Result importTags(SourceSpec source, SourceAccess.Origin origin)
      throws IOException, InterruptedException {
    List<String> created = new ArrayList<>();
    String host = URI.create(source.registryUrl()).getAuthority();
    for (RegistryTags.Tag t : registry.tags(source, origin, password(source))) {
      Map<String, PropertyValue> props = new TreeMap<>();
      props.put("image", PropertyValue.plain(host + "/" + source.repository() + ":" + t.name()));
      if (t.digest() != null) props.put("image.digest", PropertyValue.plain(t.digest()));
      props.put("source", PropertyValue.plain(source.name()));
      List<Long> effects = new ArrayList<>();
      ComponentVersion v =
          store.write(
              r -> {
                ComponentVersion made =
                    create(
                            r,
                            source,
                            t.name(),
                            "tag " + t.name() + " of " + source.repository(),
                            props)
                        .orElse(null);
                if (made == null) return null;
                Audit.record(
                    r,
                    clock.instant(),
                    "source:" + source.name(),
                    "version.import",
                    source.component() + " " + t.name(),
                    "success",
                    host + "/" + source.repository() + ":" + t.name() + " " + t.digest());
                effects.add(
                    Outbox.record(
                        r,
                        clock.instant(),
                        new Effect.VersionCreated(source.component(), made.id(), made.name())));
                return made;
              });
      if (v == null) continue;
      created.add(v.name());
      afterCommit.applyCommitted(effects);
    }
    return new Result(source.name(), created, created.isEmpty() ? null : "tags:" + created.size());
  }

  /** The source's password, from the component's secure property; null without credentials. */
  String password(SourceSpec s) {
    return s.passwordProperty() == null ? null : secret(s, s.passwordProperty());
  }

  private String secret(SourceSpec s, String property) {
    return store
        .read(r -> r.config().find(ObjectKey.of(Kind.COMPONENT, s.component())))
        .map(o -> ((ComponentSpec) o).properties().get(property))
        .map(PropertyValue::value)
        .map(v -> SecretBox.isEncrypted(v) ? secrets.decrypt(v) : v)
        .orElseThrow(
            () ->
                new UncheckedIOException(
                    new SourceFailure(
                        "component " + s.component() + " has no value for " + property)));
  }

  /** ssh access with the source's key, or null when it has none. */
  private SshAccess sshAccess(SourceSpec s) throws IOException {
    if (s.sshKeyProperty() == null) return null;
    return new SshAccess(secret(s, s.sshKeyProperty()), mirrors.resolve("ssh"));
  }

  private CredentialsProvider credentials(SourceSpec s) {
    if (s.username() == null) return null;
    return new UsernamePasswordCredentialsProvider(s.username(), password(s));
  }

  static String versionName(String template, RevCommit c) {
    return template
        .replace("{sha}", c.name())
        .replace("{shortSha}", c.name().substring(0, 10))
        .replace("{date}", DATE.format(Instant.ofEpochSecond(c.getCommitTime())));
  }

  /** One commit as one version, in one transaction; false when the version existed already. */
  private boolean createVersion(SourceSpec source, Repository repo, RevCommit c, String name)
      throws IOException {
    if (store.read(r -> r.versions().find(source.component(), name)).isPresent()) return false;
    List<VersionFile> files = new ArrayList<>();
    try (TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(c.getTree());
      tw.setRecursive(true);
      while (tw.next()) {
        FileMode mode = tw.getFileMode(0);
        if (!mode.equals(FileMode.REGULAR_FILE) && !mode.equals(FileMode.EXECUTABLE_FILE)) continue;
        ObjectLoader loader = repo.open(tw.getObjectId(0));
        String digest = store(loader);
        files.add(
            new VersionFile(
                tw.getPathString(),
                digest,
                loader.getSize(),
                mode.equals(FileMode.EXECUTABLE_FILE)));
      }
    }
    Map<String, PropertyValue> props = new TreeMap<>();
    props.put("commit.sha", PropertyValue.plain(c.name()));
    props.put(
        "commit.author",
        PropertyValue.plain(
            c.getAuthorIdent().getName() + " <" + c.getAuthorIdent().getEmailAddress() + ">"));
    props.put(
        "commit.date", PropertyValue.plain(Instant.ofEpochSecond(c.getCommitTime()).toString()));
    props.put("commit.message", PropertyValue.plain(c.getShortMessage()));
    props.put("source", PropertyValue.plain(source.name()));
    List<Long> effects = new ArrayList<>();
    ComponentVersion v =
        store.write(
            r -> {
              ComponentVersion created =
                  create(r, source, name, c.getShortMessage(), props).orElse(null);
              if (created == null) return null;
              r.versions().addFiles(created.id(), files);
              Audit.record(
                  r,
                  clock.instant(),
                  "source:" + source.name(),
                  "version.import",
                  source.component() + " " + name,
                  "success",
                  c.name() + " " + c.getShortMessage());
              effects.add(
                  Outbox.record(
                      r,
                      clock.instant(),
                      new Effect.VersionCreated(source.component(), created.id(), created.name())));
              return created;
            });
    if (v == null) return false;
    afterCommit.applyCommitted(effects);
    return true;
  }

  /**
   * Creates an imported version; empty when it exists, made by an earlier import or by another node
   * importing the same commit at the same time (creation takes turns per component).
   */
  private Optional<ComponentVersion> create(
      Repositories r,
      SourceSpec source,
      String name,
      String description,
      Map<String, PropertyValue> props) {
    if (r.versions().find(source.component(), name).isPresent()) return Optional.empty();
    try {
      return Optional.of(
          r.versions()
              .create(
                  source.component(),
                  name,
                  description,
                  props,
                  "source:" + source.name(),
                  clock.instant()));
    } catch (Conflict e) {
      if (r.versions().find(source.component(), name).isPresent()) return Optional.empty();
      throw e;
    }
  }

  private String store(ObjectLoader loader) throws IOException {
    try (InputStream in = loader.openStream()) {
      return blobs.add(in);
    }
  }

  /** The source objects of a component. */
  public List<SourceSpec> sourcesOf(String component) {
    return store.read(r -> r.config().list(Kind.SOURCE)).stream()
        .map(o -> (SourceSpec) o)
        .filter(s -> s.component().equals(component))
        .toList();
  }

  public Optional<SourceSpec> source(String name) {
    return store
        .read(r -> r.config().find(ObjectKey.of(Kind.SOURCE, name)))
        .map(o -> (SourceSpec) o);
  }
}
