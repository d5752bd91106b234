package io.shiplock.server.tls;

import io.shiplock.server.StartRefused;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM files an operator gives: a certificate chain, and a private key as OpenSSL, certbot
 * or a corporate CA writes it (PKCS#8, PKCS#1 RSA or SEC1 EC). Bouncy Castle parses them: the JDK
 * reads PKCS#8 only. Every refusal names the file and what is wrong with it.
 */
final class PemFiles {
  private PemFiles() {}

  /** The certificates of {@code file}, in their order (the server's own first). */
  static List<X509Certificate> certificates(Path file) {
    readable(file, "--tls-cert");
    List<X509Certificate> chain = new ArrayList<>();
    var converter = new JcaX509CertificateConverter();
    try (PEMParser pem = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        if (o instanceof X509CertificateHolder holder) chain.add(converter.getCertificate(holder));
        else if (isPrivateKey(o))
          throw refused(
              "--tls-cert "
                  + file
                  + " holds a private key, not a certificate (are --tls-cert and --tls-key"
                  + " swapped?)");
      }
    } catch (IOException | CertificateException | IllegalArgumentException e) {
      throw refused("--tls-cert " + file + " is not a PEM certificate chain: " + e.getMessage());
    }
    if (chain.isEmpty())
      throw refused(
          "--tls-cert "
              + file
              + " holds no certificate: expected PEM blocks '-----BEGIN CERTIFICATE-----',"
              + " the server's own certificate first");
    return chain;
  }

  /** The one private key of {@code file}. */
  static PrivateKey privateKey(Path file) {
    readable(file, "--tls-key");
    try (PEMParser pem = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        PrivateKeyInfo info = null;
        if (o instanceof PrivateKeyInfo pkcs8) info = pkcs8;
        else if (o instanceof PEMKeyPair traditional) info = traditional.getPrivateKeyInfo();
        else if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair)
          throw refused(
              "--tls-key "
                  + file
                  + " holds an encrypted private key; give it unencrypted (openssl pkey -in"
                  + " KEY -out key.pem), readable by the server's user only");
        else if (o instanceof X509CertificateHolder)
          throw refused(
              "--tls-key "
                  + file
                  + " holds a certificate, not a private key (are --tls-cert and --tls-key"
                  + " swapped?)");
        // Anything else (an 'EC PARAMETERS' block before the key) is not the key: read on.
        if (info != null) return new JcaPEMKeyConverter().getPrivateKey(info);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw refused("--tls-key " + file + ": the private key cannot be read: " + e.getMessage());
    }
    throw refused(
        "--tls-key "
            + file
            + " holds no private key: expected a PEM block '-----BEGIN PRIVATE KEY-----'"
            + " (PKCS#8), 'RSA PRIVATE KEY' or 'EC PRIVATE KEY'");
  }

  private static boolean isPrivateKey(Object o) {
    return o instanceof PrivateKeyInfo
        || o instanceof PEMKeyPair
        || o instanceof PKCS8EncryptedPrivateKeyInfo
        || o instanceof PEMEncryptedKeyPair;
  }

  /** Refuses a file that is missing, a directory, or unreadable to the server's user. */
  static void readable(Path file, String option) {
    if (!Files.exists(file)) throw refused(option + " " + file + ": no such file");
    if (Files.isDirectory(file)) throw refused(option + " " + file + " is a directory, not a file");
    if (!Files.isReadable(file))
      throw refused(
          option
              + " "
              + file
              + " cannot be read by user '"
              + System.getProperty("user.name")
              + "'");
  }

  static StartRefused refused(String message) {
    return new StartRefused("TLS: " + message);
  }
}
