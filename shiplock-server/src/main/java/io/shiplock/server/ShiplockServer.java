package io.shiplock.server;

import io.javalin.Javalin;
import io.shiplock.core.config.Planner;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.service.ConfigService;
import io.shiplock.core.steps.StepCatalog;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.ApiServer;
import io.shiplock.server.api.ThisNode;
import io.shiplock.server.artifacts.BlobStore;
import io.shiplock.server.auth.AuthService;
import io.shiplock.server.auth.ldap.Directory;
import io.shiplock.server.auth.ldap.LdapSettings;
import io.shiplock.server.backup.BackupWriter;
import io.shiplock.server.engine.AgentHub;
import io.shiplock.server.engine.ClusterWakes;
import io.shiplock.server.engine.Engine;
import io.shiplock.server.engine.EngineTimers;
import io.shiplock.server.engine.EngineWiring;
import io.shiplock.server.engine.StepLogs;
import io.shiplock.server.metrics.ServerMetrics;
import io.shiplock.server.notify.LinkSigner;
import io.shiplock.server.notify.Notifier;
import io.shiplock.server.notify.NotifySettings;
import io.shiplock.server.sources.GitImporter;
import io.shiplock.server.sources.SourcePoller;
import io.shiplock.server.tls.Listeners;
import io.shiplock.server.tls.ServerIdentity;
import io.shiplock.server.web.BrowsePages;
import io.shiplock.server.web.RequestPages;
import io.shiplock.server.web.WebHandlers;
import io.shiplock.server.web.WebRoutes;
import io.shiplock.store.DatabaseConfig;
import io.shiplock.store.JdbcStore;
import io.shiplock.store.MigrationGuard;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires store, services and HTTP together; one instance is one running server. */
public final class ShiplockServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShiplockServer.class);
  public static final String VERSION = "0.1.0";

  private final Store store;
  private final ConfigService config;
  private final AuthService auth;
  private final ApiServer api;
  private final Optional<String> generatedAdminPassword;
  private Javalin http;
  private Engine engine;
  private Notifier notifier;
  private EngineTimers timers;
  private ClusterWakes wakes;
  private SourcePoller poller;
  private NodeHeartbeat heartbeat;
  private ThisNode node;
  private AgentHub hub;
  private ServerMetrics metrics;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ShiplockServer(
      Store store,
      ConfigService config,
      AuthService auth,
      ApiServer api,
      Optional<String> adminPassword) {
    this.store = store;
    this.config = config;
    this.auth = auth;
    this.api = api;
    this.generatedAdminPassword = adminPassword;
  }

  /** The directory users log in with, when SHIPLOCK_LDAP_URL names one. */
  private static Optional<Directory> directory(Map<String, String> env) {
    Optional<LdapSettings> ldap;
    try {
      ldap = LdapSettings.from(env);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new StartRefused(e.getMessage());
    }
    LOG.info("Login: local users{}", ldap.map(l -> "; " + l.summary()).orElse(" only"));
    return ldap.map(Directory::new);
  }

  /** Opens the store (migrating it), bootstraps the admin user and starts listening. */
  public static ShiplockServer start(ServerSettings settings, Map<String, String> env) {
    return start(settings, env, Clock.systemUTC());
  }

  /** As above on {@code clock}: tests move it to reach expiries and deadlines without waiting. */
  public static ShiplockServer start(
      ServerSettings settings, Map<String, String> env, Clock clock) {
    // Before the store or a port is opened: a bad certificate or pool size leaves nothing half
    // started.
    OptionalInt poolSize;
    try {
      poolSize = DatabasePool.size(env);
    } catch (IllegalArgumentException e) {
      throw new StartRefused(e.getMessage());
    }
    ServerIdentity identity =
        settings.tls().enabled() ? ServerIdentity.load(settings.tls(), clock.instant()) : null;
    Optional<Directory> directory = directory(env);
    Home home = new Home(settings.home());
    DatabaseConfig db =
        settings.dbUrl() == null
            ? DatabaseConfig.embedded(settings.home())
            : new DatabaseConfig(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
    SecretBox secrets = home.secrets(env);
    Duration heartbeat = NodeHeartbeat.interval(env);
    JdbcStore store;
    try {
      store =
          JdbcStore.open(
              db,
              new MigrationGuard(heartbeat.multipliedBy(3), migrateAnyway(env)),
              poolSize.orElse(JdbcStore.defaultPoolSize(db)));
    } catch (MigrationGuard.Refused e) {
      throw new StartRefused(e.getMessage());
    }
    ShiplockServer[] self = new ShiplockServer[1];
    try {
      SecretKeyCheck.verify(store, secrets, home.keySource(env), clock.instant());
      ThisNode node = new ThisNode(NodeHeartbeat.newId(), heartbeat);
      StepCatalog catalog = StepCatalog.discover();
      ConfigService config = new ConfigService(store, new Planner(catalog), secrets, clock);
      AuthService auth = new AuthService(store, clock, directory);
      Optional<String> created = auth.bootstrapAdmin(settings.adminPassword());
      var notifySettings = NotifySettings.from(env);
      LOG.info("Notifications: {}", notifySettings.summary());
      LinkSigner links = new LinkSigner(home.linkKey(env));
      Notifier notifier = new Notifier(notifySettings, links, () -> settings.url(self[0].port()));
      ServerMetrics metrics = ServerMetrics.start(store, env);
      EngineWiring.Wired wired =
          EngineWiring.wire(store, catalog, secrets, clock, notifier, StepLogs.limit(env), metrics);
      Engine engine = wired.engine();
      Path blobDir = blobDir(env, home);
      var blobs = new BlobStore(blobDir);
      var importer =
          new GitImporter(
              store,
              blobs,
              clock,
              home.dir().resolve("sources"),
              engine,
              secrets,
              settings.sources());
      LOG.info("Sources: {}", settings.sources().summary());
      engine.recover();
      var web = new WebHandlers(store, auth, engine, wired.approvals(), wired.tasks());
      var pages =
          new ApiServer.Pages(
              WebRoutes.routes(
                  web, new RequestPages(store, engine), new BrowsePages(store, config, clock)),
              web);
      ApiServer api =
          new ApiServer(
              store,
              config,
              catalog,
              auth,
              wired,
              links,
              clock,
              blobs,
              importer,
              secrets,
              pages,
              VERSION,
              node,
              metrics,
              new BackupWriter(store, blobDir, VERSION, clock));
      ShiplockServer server = new ShiplockServer(store, config, auth, api, created);
      self[0] = server;
      server.engine = engine;
      server.node = node;
      server.hub = wired.hub();
      server.notifier = notifier;
      server.metrics = metrics;
      // Several nodes share a PostgreSQL database: an agent may long-poll another node.
      if (store.dialect().equals("postgresql")) server.wakes = ClusterWakes.start(db, wired.hub());
      server.timers = EngineTimers.start(engine, clock, env);
      server.poller = SourcePoller.start(store, importer, clock);
      server.http =
          api.start(
              identity == null
                  ? Listeners.plain(settings.host(), settings.port())
                  : Listeners.https(
                      settings.host(), settings.port(), identity, settings.tls().redirectPort()));
      server.heartbeat =
          NodeHeartbeat.start(
              store,
              clock,
              node.id(),
              settings.host() + ":" + server.port(),
              VERSION,
              node.heartbeat());
      LOG.info(
          "Shiplock {} listening on {} ({} store)",
          VERSION,
          settings.url(server.port()),
          store.dialect());
      if (identity != null) LOG.info("TLS certificate {}", identity.summary());
      if (settings.tls().redirectPort() > 0)
        LOG.info(
            "Plain HTTP on port {} redirects to https (health probes answer there)",
            settings.tls().redirectPort());
      if (settings.dbUrl() == null && store.dialect().equals("h2"))
        LOG.warn(
            "This home holds an H2 store made by an earlier Shiplock; H2 can lose acknowledged"
                + " writes when the server is killed. Move to the embedded SQLite store or"
                + " PostgreSQL (docs/operations.md, 'Durability promise').");
      return server;
    } catch (RuntimeException e) {
      if (self[0] != null) self[0].close();
      else store.close();
      throw e;
    }
  }

  /** The operator said the running nodes can work on the new schema (release notes say so). */
  static boolean migrateAnyway(Map<String, String> env) {
    return "true".equalsIgnoreCase(env.getOrDefault("SHIPLOCK_MIGRATE_WITH_LIVE_NODES", ""));
  }

  /**
   * Where version files are kept: {@code SHIPLOCK_BLOBS_DIR} ({@code shiplock server --blobs}), a
   * directory every node of a cluster mounts, else the home's {@code blobs}.
   */
  static Path blobDir(Map<String, String> env, Home home) {
    String dir = env.get("SHIPLOCK_BLOBS_DIR");
    Path p = dir == null || dir.isBlank() ? home.dir().resolve("blobs") : Path.of(dir);
    LOG.info("Version files in {}", p.toAbsolutePath());
    return p;
  }

  public int port() {
    return http.port();
  }

  public ConfigService config() {
    return config;
  }

  public AuthService auth() {
    return auth;
  }

  public ApiServer api() {
    return api;
  }

  public Store store() {
    return store;
  }

  /** The admin password when this start created the admin user with a generated one. */
  public Optional<String> createdAdminPassword() {
    return generatedAdminPassword;
  }

  /** Emails and webhooks; it also signs approval links. */
  public Notifier notifier() {
    return notifier;
  }

  /** The agents' long polls on this node. */
  public AgentHub hub() {
    return hub;
  }

  public Engine engine() {
    return engine;
  }

  /** This start of the server as a node of its database. */
  public NodeHeartbeat node() {
    return heartbeat;
  }

  /** How long a stopping node waits for the requests it serves to finish. */
  static final Duration DRAIN_LIMIT = Duration.ofSeconds(10);

  /**
   * Stops gracefully (SIGTERM, Ctrl-C): the node drains. It says it is not ready, so the load
   * balancer sends it nothing new; it claims no more work (agents' polls go to another node); its
   * source poller and timers stop after what they are doing, giving their leases back; it finishes
   * the requests it is serving (at most {@link #DRAIN_LIMIT}); then it stops listening, is marked
   * stopped (it served until then) and closes the store. Work it never took stays in the database
   * for the other nodes.
   */
  @Override
  public void close() {
    // A second close (a test's finally, a shutdown hook after a stop) finds nothing to do.
    if (closed.getAndSet(true)) return;
    drain();
    if (http != null) awaitIdle();
    if (http != null) http.stop();
    if (wakes != null) wakes.close();
    if (heartbeat != null) heartbeat.close();
    // The mails and webhooks of effects already applied (and removed from the outbox) go out.
    if (notifier != null) notifier.close();
    if (metrics != null) metrics.close();
    store.close();
  }

  /**
   * The first half of a graceful stop: not ready, no more claims, timers and poller stopped with
   * their leases given back. The node still serves requests until {@link #close}.
   */
  public void drain() {
    if (node != null) node.startDraining();
    if (poller != null) poller.close();
    if (timers != null) timers.close();
    if (hub != null) hub.wakeAll(); // polls waiting here answer now
  }

  private void awaitIdle() {
    try {
      if (!api.awaitIdle(DRAIN_LIMIT))
        LOG.warn("stopping with requests still in flight after {}", DRAIN_LIMIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
