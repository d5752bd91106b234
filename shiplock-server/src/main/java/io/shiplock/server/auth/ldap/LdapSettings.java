package io.shiplock.server.auth.ldap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The directory to log users in with, from the environment ({@code SHIPLOCK_LDAP_*}). Unset {@code
 * SHIPLOCK_LDAP_URL}: no directory, local users only. The bind password comes from the environment
 * or a file, never from the command line, and is never printed.
 *
 * @param userFilter an LDAP filter where {@code {0}} is the user name as typed, escaped (RFC 4515)
 * @param groupBase where groups are searched; null: groups are not read
 * @param groupFilter an LDAP filter where {@code {dn}} is the user's DN and {@code {user}} the name
 * @param trusted the certificate authorities a TLS connection to the directory is checked against
 *     ({@code SHIPLOCK_LDAP_CA}); empty: the JVM's trust store
 */
public record LdapSettings(
    String url,
    boolean startTls,
    String bindDn,
    String bindPassword,
    String userBase,
    String userFilter,
    String groupBase,
    String groupFilter,
    List<X509Certificate> trusted) {
  public static final String DEFAULT_USER_FILTER = "(uid={0})";
  public static final String DEFAULT_GROUP_FILTER = "(member={dn})";

  public LdapSettings {
    if (!url.startsWith("ldap://") && !url.startsWith("ldaps://"))
      throw new IllegalArgumentException(
          "SHIPLOCK_LDAP_URL must start with ldap:// or ldaps://, not '" + url + "'");
    if (startTls && url.startsWith("ldaps://"))
      throw new IllegalArgumentException(
          "SHIPLOCK_LDAP_STARTTLS=true needs an ldap:// URL; ldaps:// is TLS already");
    if (userBase == null)
      throw new IllegalArgumentException(
          "SHIPLOCK_LDAP_USER_BASE is missing: where to search users, e.g. ou=people,dc=example,dc=com");
    if (!userFilter.contains("{0}"))
      throw new IllegalArgumentException(
          "SHIPLOCK_LDAP_USER_FILTER '" + userFilter + "' must contain {0}, the user name");
    if ((bindDn == null) != (bindPassword == null))
      throw new IllegalArgumentException(
          "SHIPLOCK_LDAP_BIND_DN and SHIPLOCK_LDAP_BIND_PASSWORD (or _FILE) go together");
    trusted = List.copyOf(trusted);
    if (!trusted.isEmpty() && !startTls && !url.startsWith("ldaps://"))
      throw new IllegalArgumentException(
          "SHIPLOCK_LDAP_CA is set but the directory connection is not TLS: use an ldaps:// URL"
              + " or SHIPLOCK_LDAP_STARTTLS=true");
  }

  /** The directory the environment names, or empty when SHIPLOCK_LDAP_URL is unset. */
  public static Optional<LdapSettings> from(Map<String, String> env) {
    String url = blankToNull(env.get("SHIPLOCK_LDAP_URL"));
    if (url == null) return Optional.empty();
    return Optional.of(
        new LdapSettings(
            url,
            Boolean.parseBoolean(env.getOrDefault("SHIPLOCK_LDAP_STARTTLS", "false")),
            blankToNull(env.get("SHIPLOCK_LDAP_BIND_DN")),
            password(env),
            blankToNull(env.get("SHIPLOCK_LDAP_USER_BASE")),
            orDefault(env.get("SHIPLOCK_LDAP_USER_FILTER"), DEFAULT_USER_FILTER),
            blankToNull(env.get("SHIPLOCK_LDAP_GROUP_BASE")),
            orDefault(env.get("SHIPLOCK_LDAP_GROUP_FILTER"), DEFAULT_GROUP_FILTER),
            authorities(blankToNull(env.get("SHIPLOCK_LDAP_CA")))));
  }

  /** The CA certificates of a PEM file (one or more blocks), or none when no file is named. */
  private static List<X509Certificate> authorities(String file) {
    if (file == null) return List.of();
    List<X509Certificate> found = new ArrayList<>();
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in))
        if (c instanceof X509Certificate x) found.add(x);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("SHIPLOCK_LDAP_CA " + file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read SHIPLOCK_LDAP_CA " + file + ": " + e.getMessage(), e);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          "SHIPLOCK_LDAP_CA " + file + " is not a PEM certificate file: " + e.getMessage(), e);
    }
    if (found.isEmpty())
      throw new IllegalArgumentException(
          "SHIPLOCK_LDAP_CA "
              + file
              + " holds no certificate: expected '-----BEGIN CERTIFICATE-----' blocks of the CA"
              + " that signed the directory's certificate");
    return found;
  }

  private static String password(Map<String, String> env) {
    String file = blankToNull(env.get("SHIPLOCK_LDAP_BIND_PASSWORD_FILE"));
    if (file == null) return blankToNull(env.get("SHIPLOCK_LDAP_BIND_PASSWORD"));
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read SHIPLOCK_LDAP_BIND_PASSWORD_FILE " + file + ": " + e.getMessage(), e);
    }
  }

  /** One line for the start-up log; never the bind password. */
  public String summary() {
    return "directory login via "
        + url
        + (startTls ? " with StartTLS" : "")
        + (trusted.isEmpty() ? "" : ", trusting " + trusted.size() + " CA(s) of SHIPLOCK_LDAP_CA")
        + (bindDn == null ? " (anonymous search)" : " as " + bindDn)
        + ", users under "
        + userBase
        + (groupBase == null ? ", groups not read" : ", groups under " + groupBase);
  }

  @Override
  public String toString() {
    return "LdapSettings[" + summary() + "]";
  }

  private static String orDefault(String s, String otherwise) {
    String v = blankToNull(s);
    return v == null ? otherwise : v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
