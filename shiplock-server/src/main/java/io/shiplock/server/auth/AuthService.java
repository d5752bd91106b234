package io.shiplock.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.core.security.Tokens;
import io.shiplock.core.store.ApiToken;
import io.shiplock.core.store.AuditRepository.Event;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.Store;
import io.shiplock.core.store.User;
import io.shiplock.server.auth.ldap.Directory;
import io.shiplock.server.auth.ldap.DirectoryUnreachable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logins and API tokens. Failed logins are counted per user name; after five in a row the name is
 * locked out for a minute, so passwords cannot be guessed at speed. With a directory configured, a
 * name without a local password is checked against the directory; a local user never is, so a
 * directory entry cannot take over a local account and the local admin does not depend on it.
 */
public final class AuthService {
  /** A token and its record; the token text is shown once, at creation. */
  public record IssuedToken(String token, ApiToken record) {}

  private static final int MAX_FAILURES = 5;
  private static final Duration LOCKOUT = Duration.ofMinutes(1);

  private final Store store;
  private final Clock clock;
  private final Optional<Directory> directory;
  private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

  private record Failures(int count, Instant last) {}

  public AuthService(Store store, Clock clock) {
    this(store, clock, Optional.empty());
  }

  /** Logins checked locally and, for names without a local password, against the directory. */
  public AuthService(Store store, Clock clock, Optional<Directory> directory) {
    this.store = store;
    this.clock = clock;
    this.directory = directory;
  }

  /** Creates the admin user when there is no user yet; returns the password used, if created. */
  public Optional<String> bootstrapAdmin(String password) {
    return store.write(
        r -> {
          if (r.users().count() > 0) return Optional.<String>empty();
          String pw = password == null || password.isBlank() ? Tokens.newPassword() : password;
          r.users().create("admin", Passwords.hash(pw), true, clock.instant());
          return Optional.of(pw);
        });
  }

  public User createUser(String name, String password, boolean admin) {
    return createUser(name, password, admin, null, "system");
  }

  /** Creates a user (with an email address for notifications), recorded in the audit log. */
  public User createUser(String name, String password, boolean admin, String email, String by) {
    return store.write(
        r -> {
          User u = r.users().create(name, Passwords.hash(password), admin, clock.instant());
          if (email != null) r.users().setEmail(u.id(), email);
          audit(r, by, "user.create", name, "success", admin ? "administrator" : null);
          return r.users().find(u.id()).orElseThrow();
        });
  }

  private void audit(
      Repositories r, String actor, String action, String target, String outcome, String detail) {
    r.audit().append(Event.of(actor, action, target, outcome, detail), clock.instant());
  }

  /** A new token for the user when the password matches; empty otherwise. */
  public Optional<IssuedToken> login(String user, String password, String tokenName) {
    Optional<User> u = checkPassword(user, password);
    if (u.isEmpty()) return Optional.empty();
    IssuedToken t = issue(u.get().id(), tokenName == null ? "login" : tokenName, null);
    store.write(
        r -> {
          audit(r, user, "login", user, "success", "token " + t.record().prefix() + "…");
          return null;
        });
    return Optional.of(t);
  }

  /**
   * The user when the password matches; empty otherwise. Five failures in a row lock the name out
   * for a minute ({@link LockedOut}); every failure is audited.
   */
  private Optional<User> checkPassword(String user, String password) {
    Failures f = failures.get(user);
    Instant now = clock.instant();
    if (f != null && f.count() >= MAX_FAILURES && f.last().plus(LOCKOUT).isAfter(now)) {
      store.write(
          r -> {
            audit(r, user, "login", user, "refused", "locked out after " + f.count() + " failures");
            return null;
          });
      throw new LockedOut(user, f.last().plus(LOCKOUT));
    }
    Optional<User> u = store.read(r -> r.users().find(user));
    if (directory.isPresent()
        && (u.isEmpty() || store.read(r -> r.users().directoryGroups(user)).isPresent()))
      return checkDirectory(directory.get(), user, password, now);
    // Check a hash even for unknown users, so timing does not tell which names exist.
    boolean ok =
        Passwords.matches(u.map(User::passwordHash).orElseGet(Dummy::hash), password)
            && u.isPresent();
    if (!ok) return failed(user, now, "wrong user name or password");
    failures.remove(user);
    return u;
  }

  private Optional<User> failed(String user, Instant now, String why) {
    failures.merge(user, new Failures(1, now), (a, b) -> new Failures(a.count() + 1, now));
    store.write(
        r -> {
          audit(r, user, "login", user, "failure", why);
          return null;
        });
    return Optional.empty();
  }

  /**
   * A directory user's login: the directory checks the password and names the groups, which are
   * stored as they are now, so that permissions follow the directory from this login on.
   */
  private Optional<User> checkDirectory(Directory dir, String user, String password, Instant now) {
    Directory.Outcome outcome;
    try {
      outcome = dir.authenticate(user, password);
    } catch (DirectoryUnreachable e) {
      store.write(
          r -> {
            audit(r, user, "login", user, "refused", "directory unreachable");
            return null;
          });
      throw e;
    }
    if (outcome instanceof Directory.Outcome.Refused refused)
      return failed(user, now, "directory: " + refused.why());
    var ok = (Directory.Outcome.Authenticated) outcome;
    Optional<User> in =
        store.write(
            r -> {
              Optional<User> found = r.users().find(user);
              // A local user made meanwhile keeps their account: the directory never takes it.
              if (found.isPresent() && r.users().directoryGroups(user).isEmpty())
                return Optional.<User>empty();
              User u = found.orElseGet(() -> r.users().create(user, DIRECTORY_USER, false, now));
              r.users().setDirectoryGroups(u.id(), ok.groups());
              audit(r, user, "login.directory", ok.dn(), "success", "groups " + ok.groups());
              return Optional.of(u);
            });
    if (in.isEmpty()) return failed(user, now, "a local user of this name exists");
    failures.remove(user);
    return in;
  }

  /** The password hash of a directory user: not a bcrypt string, so no password matches it. */
  private static final String DIRECTORY_USER = "!directory";

  /** A hash to check against for unknown users; made on first need, not at start-up. */
  private static final class Dummy {
    private static final String HASH = Passwords.hash(Tokens.newPassword());

    static String hash() {
      return HASH;
    }
  }

  public IssuedToken issue(long userId, String name, Duration lifetime) {
    String token = Tokens.newToken();
    Instant now = clock.instant();
    ApiToken record =
        store.write(
            r ->
                r.tokens()
                    .create(
                        userId,
                        name,
                        Tokens.hash(token),
                        token.substring(0, 8),
                        now,
                        lifetime == null ? null : now.plus(lifetime)));
    store.write(
        r -> {
          String owner = r.users().find(userId).map(User::name).orElse("?");
          audit(r, owner, "token.create", record.name(), "success", record.prefix() + "…");
          return null;
        });
    return new IssuedToken(token, record);
  }

  /** The caller of a bearer token, when the token is known, not revoked and not expired. */
  public Optional<Principal> authenticate(String token) {
    if (token == null || !token.startsWith(Tokens.PREFIX)) return Optional.empty();
    Instant now = clock.instant();
    return store.write(
        r -> {
          Optional<ApiToken> t = r.tokens().findByHash(Tokens.hash(token));
          if (t.isEmpty() || !t.get().isActive(now)) return Optional.<Principal>empty();
          // Recording every use would make each API call a write; a minute's precision will do.
          Instant last = t.get().lastUsedAt();
          if (last == null || last.isBefore(now.minusSeconds(60)))
            r.tokens().markUsed(t.get().id(), now);
          User u = r.users().find(t.get().userId()).orElseThrow();
          return Optional.of(new Principal(u.id(), u.name(), u.admin(), t.get().id()));
        });
  }

  /** The user name with which a UCD client sends a token as its password (UCD-COMPAT.md §2). */
  public static final String TOKEN_USER = "PasswordIsAuthToken";

  /**
   * The caller of an HTTP Basic credential, as UrbanCode Deploy's clients send it pre-emptively: a
   * user name and password, or the user name {@link #TOKEN_USER} with the password {@code
   * {"token":"…"}} (an API token; {@code sysUser} and {@code host} may come along and are ignored).
   * A password is checked as a login is, failures counted and audited, without issuing a token.
   */
  public Optional<Principal> authenticateBasic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) return Optional.empty();
    String user = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    if (user.equals(TOKEN_USER)) return authenticate(tokenOf(password));
    return checkPassword(user, password).map(u -> new Principal(u.id(), u.name(), u.admin(), 0));
  }

  /** The token inside {@code {"token":"…"}}, or the text itself when it is not that JSON. */
  private static String tokenOf(String password) {
    try {
      var node = TOKEN_JSON.readTree(password);
      if (node != null && node.path("token").isTextual()) return node.path("token").asText();
    } catch (IOException | RuntimeException e) {
      // not JSON: taken as the token itself
    }
    return password.strip();
  }

  private static final ObjectMapper TOKEN_JSON = new ObjectMapper();

  public List<ApiToken> tokens(long userId) {
    return store.read(r -> r.tokens().list(userId));
  }

  public boolean revoke(long userId, long tokenId) {
    return store.write(
        r -> {
          boolean done = r.tokens().revoke(userId, tokenId, clock.instant());
          String owner = r.users().find(userId).map(User::name).orElse("?");
          audit(r, owner, "token.revoke", "token " + tokenId, done ? "success" : "failure", null);
          return done;
        });
  }

  /**
   * Revokes every active token of {@code user} (API tokens and web sessions alike), for an
   * administrator ending someone's access: a directory user disabled in the directory cannot log in
   * again, but the tokens made before stay valid until this. Empty when no such user.
   */
  public Optional<Integer> revokeAll(String user, String by) {
    Instant now = clock.instant();
    return store.write(
        r -> {
          Optional<User> u = r.users().find(user);
          if (u.isEmpty()) return Optional.<Integer>empty();
          int revoked = 0;
          for (ApiToken t : r.tokens().list(u.get().id()))
            if (t.isActive(now) && r.tokens().revoke(u.get().id(), t.id(), now)) revoked++;
          audit(r, by, "user.tokens.revoke", user, "success", revoked + " token(s)");
          return Optional.of(revoked);
        });
  }

  /** Too many failed logins for a user name. */
  public static final class LockedOut extends RuntimeException {
    public LockedOut(String user, Instant until) {
      super("too many failed logins for '" + user + "'; try again after " + until);
    }
  }
}
