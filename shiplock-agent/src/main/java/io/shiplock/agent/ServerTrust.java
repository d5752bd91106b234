package io.shiplock.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which https servers a client believes: those whose certificate chains to the system's trusted CAs
 * (the default), to the CAs of a PEM file ({@code --ca}), and/or whose certificate has a pinned
 * SHA-256 fingerprint ({@code --pin sha256:HEX}). The host name is checked in every case (the JDK
 * does it: an endpoint identification the trust managers here never turn off). The SSL context is
 * built once, when the first https call needs it: an agent on plain http loads no TLS stack.
 */
public final class ServerTrust {
  private static final HexFormat HEX = HexFormat.of();

  private final Path caFile;
  private final List<X509Certificate> cas;
  private final byte[] pin;
  private volatile SSLContext context;
  private volatile SSLSocketFactory factory;

  private ServerTrust(Path caFile, List<X509Certificate> cas, byte[] pin) {
    this.caFile = caFile;
    this.cas = cas;
    this.pin = pin;
  }

  /** The system's trusted CAs (the JDK's cacerts). */
  public static ServerTrust system() {
    return new ServerTrust(null, List.of(), null);
  }

  /**
   * The CAs of {@code caFile} (null: the system's) and, when {@code pin} is given, only the
   * certificate of that fingerprint. Read now, so a wrong file or pin is an error at start.
   */
  public static ServerTrust of(Path caFile, String pin) {
    List<X509Certificate> cas = caFile == null ? List.of() : readCas(caFile);
    return new ServerTrust(caFile, cas, pin == null ? null : parsePin(pin));
  }

  /** {@code sha256:HEX} (colons between bytes allowed, as openssl prints it) as bytes. */
  static byte[] parsePin(String pin) {
    String p = pin.trim();
    if (!p.toLowerCase(Locale.ROOT).startsWith("sha256:"))
      throw new IllegalArgumentException(
          "--pin '"
              + pin
              + "' must be 'sha256:' and the certificate's SHA-256 fingerprint in hex"
              + " (openssl x509 -in CERT -noout -fingerprint -sha256)");
    String hex = p.substring("sha256:".length()).replace(":", "");
    if (!hex.matches("[0-9a-fA-F]{64}"))
      throw new IllegalArgumentException(
          "--pin '" + pin + "': a SHA-256 fingerprint is 64 hex digits, this has " + hex.length());
    return HEX.parseHex(hex.toLowerCase(Locale.ROOT));
  }

  private static List<X509Certificate> readCas(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file))
      throw new IllegalArgumentException("--ca " + file + ": no such readable file");
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in))
        if (c instanceof X509Certificate x) out.add(x);
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException(
          "--ca " + file + " is not a PEM file of CA certificates: " + e.getMessage(), e);
    }
    if (out.isEmpty())
      throw new IllegalArgumentException(
          "--ca " + file + " holds no certificate ('-----BEGIN CERTIFICATE-----' blocks)");
    return List.copyOf(out);
  }

  /** The SSL context of this trust, built on first use. */
  public SSLContext context() {
    SSLContext c = context;
    if (c == null) {
      synchronized (this) {
        if (context == null) context = build();
        c = context;
      }
    }
    return c;
  }

  /**
   * The socket factory of this trust, one for the process: the JDK keeps https connections alive
   * per factory, so a new one per call would open a new connection (and handshake) per call.
   */
  public SSLSocketFactory socketFactory() {
    SSLSocketFactory f = factory;
    if (f == null) {
      synchronized (this) {
        if (factory == null) factory = context().getSocketFactory();
        f = factory;
      }
    }
    return f;
  }

  private SSLContext build() {
    try {
      X509TrustManager chains = null;
      if (pin == null || caFile != null) {
        KeyStore store = null;
        if (caFile != null) {
          store = KeyStore.getInstance(KeyStore.getDefaultType());
          store.load(null, null);
          for (int i = 0; i < cas.size(); i++) store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store); // null: the system's trusted CAs
        for (TrustManager tm : tmf.getTrustManagers())
          if (tm instanceof X509TrustManager x) chains = x;
      }
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {new Checks(chains, pin)}, null);
      return ssl;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the TLS context: " + e.getMessage(), e);
    }
  }

  /** Why a TLS handshake failed ({@code e} or a cause of it), in words an operator acts on. */
  public String explain(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PinMismatch) return "pin mismatch: " + t.getMessage();
      if (t instanceof CertificateExpiredException)
        return "its certificate has expired (" + t.getMessage() + ")";
      String m = String.valueOf(t.getMessage());
      if (m.contains("No subject alternative") || m.contains("No name matching"))
        return "name mismatch: its certificate is not for this host name (" + m + ")";
      if (m.contains("PKIX path") || m.contains("unable to find valid certification path"))
        return "unknown CA: its certificate is not signed by "
            + (caFile != null
                ? "a CA in " + caFile
                : "a CA the system trusts (--ca FILE or $SHIPLOCK_CA names a private CA)");
    }
    return "TLS handshake failed: " + e.getMessage();
  }

  /**
   * The chain check of the CAs (when any) and the pin (when given). A plain X509TrustManager, not
   * an extended one: the JDK then checks the host name itself, as it does for its own.
   */
  private static final class Checks implements X509TrustManager {
    private final X509TrustManager chains;
    private final byte[] pin;

    Checks(X509TrustManager chains, byte[] pin) {
      this.chains = chains;
      this.pin = pin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (chains != null) chains.checkServerTrusted(chain, authType);
      if (pin != null) {
        byte[] actual = fingerprint(chain[0]);
        if (!MessageDigest.isEqual(actual, pin))
          throw new PinMismatch(
              "the server's certificate is sha256:"
                  + HEX.formatHex(actual)
                  + ", the pin is sha256:"
                  + HEX.formatHex(pin));
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("this client trusts servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return chains == null ? new X509Certificate[0] : chains.getAcceptedIssuers();
    }
  }

  /** The SHA-256 fingerprint of a certificate, as {@code openssl x509 -fingerprint} prints it. */
  public static byte[] fingerprint(X509Certificate c) throws CertificateEncodingException {
    try {
      return MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static final class PinMismatch extends CertificateException {
    private static final long serialVersionUID = 1L;

    PinMismatch(String message) {
      super(message);
    }
  }
}
