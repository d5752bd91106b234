package io.shiplock.server.tls;

import java.nio.file.Path;
import java.util.Map;

/**
 * Whether and how the server speaks TLS: a PEM certificate chain with its PEM key, or a PKCS#12
 * keystore with its password; none of them means plain HTTP. {@code redirectPort > 0} also listens
 * for plain HTTP there and redirects it to https.
 */
public record TlsSettings(
    Path certFile, Path keyFile, Path keystoreFile, String keystorePassword, int redirectPort) {
  public static final TlsSettings NONE = new TlsSettings(null, null, null, null, 0);

  public TlsSettings {
    if ((certFile == null) != (keyFile == null))
      throw new IllegalArgumentException(
          certFile == null
              ? "--tls-key needs --tls-cert (the PEM certificate chain the key belongs to)"
              : "--tls-cert needs --tls-key (the PEM private key of the certificate)");
    if (certFile != null && keystoreFile != null)
      throw new IllegalArgumentException(
          "give either --tls-cert/--tls-key (PEM) or --tls-keystore (PKCS#12), not both");
    if (redirectPort < 0 || redirectPort > 65535)
      throw new IllegalArgumentException(
          "--http-redirect-port " + redirectPort + " is not a port (1-65535)");
    if (redirectPort > 0 && certFile == null && keystoreFile == null)
      throw new IllegalArgumentException(
          "--http-redirect-port redirects to https: it needs --tls-cert/--tls-key or"
              + " --tls-keystore");
  }

  /** True when the server serves HTTPS. */
  public boolean enabled() {
    return certFile != null || keystoreFile != null;
  }

  public String scheme() {
    return enabled() ? "https" : "http";
  }

  /**
   * From the server's environment, as {@code shiplock server} fills it from its options: {@code
   * SHIPLOCK_TLS_CERT}, {@code SHIPLOCK_TLS_KEY}, {@code SHIPLOCK_TLS_KEYSTORE}, {@code
   * SHIPLOCK_TLS_KEYSTORE_PASSWORD} (only ever from the environment: a command line is visible to
   * every user of the machine) and {@code SHIPLOCK_HTTP_REDIRECT_PORT}.
   */
  public static TlsSettings from(Map<String, String> env) {
    String port = value(env, "SHIPLOCK_HTTP_REDIRECT_PORT");
    int redirect;
    try {
      redirect = port == null ? 0 : Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "SHIPLOCK_HTTP_REDIRECT_PORT '" + port + "' is not a port number", e);
    }
    return new TlsSettings(
        path(env, "SHIPLOCK_TLS_CERT"),
        path(env, "SHIPLOCK_TLS_KEY"),
        path(env, "SHIPLOCK_TLS_KEYSTORE"),
        env.get("SHIPLOCK_TLS_KEYSTORE_PASSWORD"),
        redirect);
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v;
  }

  private static Path path(Map<String, String> env, String name) {
    String v = value(env, name);
    return v == null ? null : Path.of(v);
  }

  /** Never the keystore's password: settings are logged. */
  @Override
  public String toString() {
    if (!enabled()) return "plain HTTP";
    String source =
        certFile != null
            ? "certificate " + certFile + ", key " + keyFile
            : "keystore " + keystoreFile;
    return "TLS with " + source + (redirectPort > 0 ? ", HTTP redirect on " + redirectPort : "");
  }
}
