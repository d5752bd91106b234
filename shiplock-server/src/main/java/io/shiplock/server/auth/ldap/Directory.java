package io.shiplock.server.auth.ldap;

import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.TreeSet;
import javax.naming.AuthenticationException;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.SizeLimitExceededException;
import javax.naming.directory.Attribute;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a user's password against the directory: search the user's entry with Shiplock's own bind,
 * bind as that entry with the password, then read the groups whose filter names the entry.
 */
public final class Directory {
  /** What the directory said of a login. */
  public sealed interface Outcome {
    /** The password is right; {@code groups} are the names (cn) of the user's groups. */
    record Authenticated(String dn, List<String> groups) implements Outcome {}

    /** No entry, several, or a wrong password; {@code why} is for the audit log only. */
    record Refused(String why) implements Outcome {}
  }

  private static final Logger LOG = LoggerFactory.getLogger(Directory.class);
  private static final String TIMEOUT_MS = "5000";

  private final LdapSettings settings;

  /** TLS sockets trusting SHIPLOCK_LDAP_CA; null: the JVM's defaults. */
  private final SSLSocketFactory sockets;

  public Directory(LdapSettings settings) {
    this.settings = settings;
    this.sockets =
        settings.trusted().isEmpty() ? null : DirectorySockets.trusting(settings.trusted());
  }

  /**
   * Whether the password is the user's in the directory.
   *
   * @throws DirectoryUnreachable when the directory cannot say
   */
  public Outcome authenticate(String user, String password) {
    // LDAP takes a bind with a DN and an empty password as anonymous, and lets it succeed.
    if (password.isEmpty()) return new Outcome.Refused("empty password");
    LdapContext service;
    try {
      service = open(settings.bindDn(), settings.bindPassword());
    } catch (AuthenticationException e) {
      throw unreachable("the directory refused Shiplock's own bind (SHIPLOCK_LDAP_BIND_DN)", e);
    } catch (NamingException e) {
      SSLException tls = tlsFailure(e);
      if (tls != null)
        throw unreachable(
            "the directory at "
                + settings.url()
                + " failed the TLS check: "
                + reason(tls)
                + "; SHIPLOCK_LDAP_CA names the CA its certificate must come from",
            e);
      throw unreachable("the directory at " + settings.url() + " is unreachable", e);
    }
    try {
      List<String> entries = findUser(service, user);
      if (entries.size() != 1)
        return new Outcome.Refused(
            entries.isEmpty()
                ? "no directory entry matches the user filter"
                : "several directory entries match the user filter");
      String dn = entries.get(0);
      try {
        open(dn, password).close();
      } catch (AuthenticationException e) {
        return new Outcome.Refused("the directory refused the password");
      }
      return new Outcome.Authenticated(dn, groups(service, dn, user));
    } catch (NamingException e) {
      throw unreachable("the directory at " + settings.url() + " failed to answer", e);
    } finally {
      close(service);
    }
  }

  // BanJNDI warns of Java objects deserialized from directory entries: only a search that returns
  // objects does that, and these return attributes as strings (returning-object flag off).
  @SuppressWarnings("BanJNDI")
  private List<String> findUser(LdapContext ctx, String user) throws NamingException {
    SearchControls sc = controls();
    sc.setReturningAttributes(new String[0]);
    sc.setCountLimit(2);
    List<String> dns = new ArrayList<>();
    // JNDI escapes the arguments of {0} as RFC 4515 says: a '*' or ')' in a name stays a character.
    try {
      NamingEnumeration<SearchResult> found =
          ctx.search(
              new LdapName(settings.userBase()), settings.userFilter(), new Object[] {user}, sc);
      while (found.hasMore()) dns.add(found.next().getNameInNamespace());
    } catch (SizeLimitExceededException e) {
      dns.add("(more)");
    }
    return dns;
  }

  // BanJNDI warns of Java objects deserialized from directory entries: only a search that returns
  // objects does that, and these return attributes as strings (returning-object flag off).
  @SuppressWarnings("BanJNDI")
  private List<String> groups(LdapContext ctx, String dn, String user) throws NamingException {
    if (settings.groupBase() == null) return List.of();
    SearchControls sc = controls();
    sc.setReturningAttributes(new String[] {"cn"});
    String filter = settings.groupFilter().replace("{dn}", "{0}").replace("{user}", "{1}");
    TreeSet<String> names = new TreeSet<>();
    NamingEnumeration<SearchResult> found =
        ctx.search(new LdapName(settings.groupBase()), filter, new Object[] {dn, user}, sc);
    while (found.hasMore()) {
      Attribute cn = found.next().getAttributes().get("cn");
      if (cn != null && cn.get() != null) names.add(cn.get().toString());
    }
    return List.copyOf(names);
  }

  private static SearchControls controls() {
    SearchControls sc = new SearchControls();
    sc.setSearchScope(SearchControls.SUBTREE_SCOPE);
    sc.setTimeLimit(Integer.parseInt(TIMEOUT_MS));
    sc.setReturningObjFlag(false);
    return sc;
  }

  /** A connection bound as {@code dn} (anonymous when null), over StartTLS when configured. */
  // BanJNDI warns of Java objects deserialized from directory entries: only a search that returns
  // objects does that, and these return attributes as strings (returning-object flag off).
  // JdkObsolete: InitialLdapContext takes its environment only as a Hashtable.
  @SuppressWarnings({"BanJNDI", "JdkObsolete"})
  private LdapContext open(String dn, String password) throws NamingException {
    Hashtable<String, Object> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
    env.put(Context.PROVIDER_URL, settings.url());
    env.put(Context.REFERRAL, "ignore");
    // A directory that is down must not hold a login (or the login page) for minutes.
    env.put("com.sun.jndi.ldap.connect.timeout", TIMEOUT_MS);
    env.put("com.sun.jndi.ldap.read.timeout", TIMEOUT_MS);
    env.put(Context.SECURITY_AUTHENTICATION, "none");
    if (dn != null && !settings.startTls()) credentials(env, dn, password);
    if (sockets != null && !settings.startTls())
      env.put("java.naming.ldap.factory.socket", DirectorySockets.class.getName());
    LdapContext ctx =
        sockets == null
            ? new InitialLdapContext(env, null)
            : DirectorySockets.opening(sockets, () -> new InitialLdapContext(env, null));
    if (!settings.startTls()) return ctx;
    try {
      StartTlsResponse tls = (StartTlsResponse) ctx.extendedOperation(new StartTlsRequest());
      // negotiate() checks the certificate's names against the host, as ldaps:// does.
      if (sockets == null) tls.negotiate();
      else tls.negotiate(sockets);
      if (dn != null) {
        ctx.addToEnvironment(Context.SECURITY_AUTHENTICATION, "simple");
        ctx.addToEnvironment(Context.SECURITY_PRINCIPAL, dn);
        ctx.addToEnvironment(Context.SECURITY_CREDENTIALS, password);
        // The bind happens on the next operation, over the TLS just negotiated.
        ctx.getAttributes("", new String[] {"1.1"});
      }
      return ctx;
    } catch (IOException e) {
      close(ctx);
      CommunicationException ce = new CommunicationException("StartTLS failed: " + e.getMessage());
      ce.setRootCause(e);
      throw ce;
    } catch (NamingException e) {
      close(ctx);
      throw e;
    }
  }

  @SuppressWarnings("JdkObsolete") // the Hashtable InitialLdapContext takes
  private static void credentials(Hashtable<String, Object> env, String dn, String password) {
    env.put(Context.SECURITY_AUTHENTICATION, "simple");
    env.put(Context.SECURITY_PRINCIPAL, dn);
    env.put(Context.SECURITY_CREDENTIALS, password);
  }

  private static void close(LdapContext ctx) {
    try {
      ctx.close();
    } catch (NamingException e) {
      // closing a connection that failed: nothing left to release
    }
  }

  /** The TLS failure under {@code e} (an untrusted certificate, a name that does not match). */
  private static SSLException tlsFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof SSLException s) return s;
    return null;
  }

  /** Why TLS failed, in words an operator acts on; the log keeps the JDK's own message. */
  private static String reason(SSLException tls) {
    for (Throwable t = tls; t != null; t = t.getCause())
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException)
        return "its certificate does not come from a CA this server trusts";
    String m = String.valueOf(tls.getMessage());
    if (tls instanceof SSLPeerUnverifiedException
        || m.contains("does not match")
        || m.contains("No subject alternative"))
      return "its certificate is for another host name than the URL's";
    return m;
  }

  private DirectoryUnreachable unreachable(String message, NamingException e) {
    // The explanation names the server and the error, never a password.
    LOG.warn("{}: {}", message, e.getExplanation());
    return new DirectoryUnreachable(
        message + "; directory users cannot log in now, local users can", e);
  }
}
