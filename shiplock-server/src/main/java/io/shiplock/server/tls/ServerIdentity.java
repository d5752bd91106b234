package io.shiplock.server.tls;

import static io.shiplock.server.tls.PemFiles.refused;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's certificate chain and private key, checked before the server opens its store or a
 * port: the files exist and parse, the key belongs to the certificate, the certificate is valid
 * now. An expired certificate is refused rather than served: every client would refuse it anyway,
 * and a refusal at start names the file, where a served one shows up as agents failing one by one.
 */
public final class ServerIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(ServerIdentity.class);
  static final String ALIAS = "shiplock";
  // The key is handed to Jetty in a keystore that only lives in this process; it needs a password.
  private static final String IN_MEMORY_PASSWORD = "in-memory";
  private static final Duration SOON = Duration.ofDays(14);

  private final KeyStore keyStore;
  private final X509Certificate certificate;

  private ServerIdentity(KeyStore keyStore, X509Certificate certificate) {
    this.keyStore = keyStore;
    this.certificate = certificate;
  }

  /** Loads and checks what {@code tls} names; {@link io.shiplock.server.StartRefused} if wrong. */
  public static ServerIdentity load(TlsSettings tls, Instant now) {
    if (!tls.enabled()) throw new IllegalArgumentException("TLS is not configured");
    if (tls.certFile() != null) {
      List<X509Certificate> chain = PemFiles.certificates(tls.certFile());
      PrivateKey key = PemFiles.privateKey(tls.keyFile());
      return checked(
          chain,
          key,
          "--tls-cert " + tls.certFile(),
          "the key in "
              + tls.keyFile()
              + " does not belong to the certificate in "
              + tls.certFile(),
          now);
    }
    return fromKeystore(tls.keystoreFile(), tls.keystorePassword(), now);
  }

  private static ServerIdentity fromKeystore(Path file, String password, Instant now) {
    PemFiles.readable(file, "--tls-keystore");
    char[] pw = password == null ? new char[0] : password.toCharArray();
    String what = "--tls-keystore " + file;
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        ks.load(in, pw);
      } catch (IOException e) {
        if (e.getCause() instanceof UnrecoverableKeyException)
          throw refused(
              what
                  + ": the password is wrong"
                  + (password == null
                      ? " (none was given: set SHIPLOCK_TLS_KEYSTORE_PASSWORD)"
                      : " (SHIPLOCK_TLS_KEYSTORE_PASSWORD)"));
        throw refused(what + " is not a PKCS#12 keystore: " + e.getMessage());
      }
      String alias = null;
      for (String a : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(a)) {
          alias = a;
          break;
        }
      }
      if (alias == null) throw refused(what + " holds no private key, only certificates");
      Key key;
      try {
        key = ks.getKey(alias, pw);
      } catch (UnrecoverableKeyException e) {
        throw refused(what + ": the key '" + alias + "' has a password other than the keystore's");
      }
      List<X509Certificate> chain = new ArrayList<>();
      Certificate[] certs = ks.getCertificateChain(alias);
      if (certs != null)
        for (Certificate c : certs) if (c instanceof X509Certificate x) chain.add(x);
      if (!(key instanceof PrivateKey pk) || chain.isEmpty())
        throw refused(what + ": the entry '" + alias + "' has no certificate chain");
      return checked(
          chain,
          pk,
          what,
          what + ": the key '" + alias + "' does not belong to its certificate",
          now);
    } catch (GeneralSecurityException e) {
      throw refused(what + " cannot be read: " + e.getMessage());
    }
  }

  private static ServerIdentity checked(
      List<X509Certificate> chain, PrivateKey key, String where, String mismatch, Instant now) {
    X509Certificate leaf = chain.getFirst();
    try {
      leaf.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      throw refused(
          where
              + ": the certificate "
              + describe(leaf)
              + " expired on "
              + leaf.getNotAfter().toInstant()
              + "; clients refuse it: renew it");
    } catch (CertificateNotYetValidException e) {
      throw refused(
          where
              + ": the certificate "
              + describe(leaf)
              + " is not valid before "
              + leaf.getNotBefore().toInstant()
              + " (is this machine's clock right?)");
    }
    if (!belongs(key, leaf.getPublicKey())) throw refused(mismatch);
    if (leaf.getNotAfter().toInstant().isBefore(now.plus(SOON)))
      LOG.warn(
          "TLS: the certificate {} expires on {}: renew it",
          describe(leaf),
          leaf.getNotAfter().toInstant());
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          ALIAS, key, IN_MEMORY_PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
      return new ServerIdentity(ks, leaf);
    } catch (GeneralSecurityException | IOException e) {
      throw refused(where + ": the key and certificate cannot be used together: " + e);
    }
  }

  /**
   * True when {@code key} is the private half of {@code certified}: it signs, the certificate's key
   * verifies. This works alike for RSA, EC and EdDSA keys, where comparing numbers would not.
   */
  static boolean belongs(PrivateKey key, PublicKey certified) {
    String algorithm =
        switch (certified.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null || !key.getAlgorithm().equals(certified.getAlgorithm())) return false;
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certified);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (InvalidKeyException | SignatureException e) {
      return false;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  /** Subject and names: what an operator recognizes a certificate by. */
  static String describe(X509Certificate c) {
    List<String> names = new ArrayList<>();
    try {
      if (c.getSubjectAlternativeNames() != null)
        for (List<?> san : c.getSubjectAlternativeNames()) names.add(String.valueOf(san.get(1)));
    } catch (CertificateParsingException e) {
      // The subject alone names it well enough.
    }
    return "'"
        + c.getSubjectX500Principal().getName()
        + "'"
        + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")");
  }

  KeyStore keyStore() {
    return keyStore;
  }

  static String password() {
    return IN_MEMORY_PASSWORD;
  }

  /** The server's own certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** For the start's log line: which certificate, until when. */
  public String summary() {
    return describe(certificate) + ", valid until " + certificate.getNotAfter().toInstant();
  }
}
