package io.shiplock.server.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * A test's own certificate authority and server certificates (for 127.0.0.1 and localhost), made
 * with Bouncy Castle, written as the files an operator would give: PEM chains, PEM keys in each
 * format, PKCS#12 keystores.
 */
public final class TestCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final GeneralName[] LOCAL = {
    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
    new GeneralName(GeneralName.dNSName, "localhost")
  };

  private TestCertificates() {}

  /** How a private key is written: PKCS#8, or OpenSSL's traditional PKCS#1 (RSA) / SEC1 (EC). */
  public enum KeyFormat {
    PKCS8,
    TRADITIONAL
  }

  /** A CA: its keys and self-signed certificate. */
  public record Authority(KeyPair keys, X509Certificate certificate) {
    /** A server certificate for 127.0.0.1 and localhost, valid from an hour ago for a day. */
    public Issued issue(KeyPair serverKeys) {
      Instant now = Instant.now();
      return issue(serverKeys, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    /** A server certificate for 127.0.0.1 and localhost, valid between these instants. */
    public Issued issue(KeyPair serverKeys, Instant from, Instant until) {
      return issue(serverKeys, from, until, LOCAL);
    }

    /**
     * A server certificate for {@code host} alone (a DNS name): a client reaching the server at
     * 127.0.0.1 finds the name does not match.
     */
    public Issued issueFor(KeyPair serverKeys, String host) {
      Instant now = Instant.now();
      return issue(
          serverKeys,
          now.minus(Duration.ofHours(1)),
          now.plus(Duration.ofDays(1)),
          new GeneralName[] {new GeneralName(GeneralName.dNSName, host)});
    }

    private Issued issue(KeyPair serverKeys, Instant from, Instant until, GeneralName[] names) {
      X509Certificate c =
          sign(
              new X500Name(certificate.getSubjectX500Principal().getName()),
              keys.getPrivate(),
              new X500Name("CN=shiplock test server"),
              serverKeys.getPublic(),
              from,
              until,
              names);
      return new Issued(serverKeys, c, this);
    }

    /** The CA's certificate as a PEM file: what an agent's --ca gets. */
    public Path writePem(Path file) {
      return pem(file, certificate);
    }

    /** A client context that trusts this CA alone. */
    public SSLContext sslContext() {
      try {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", certificate);
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A server's keys and certificate, and the CA that signed it. */
  public record Issued(KeyPair keys, X509Certificate certificate, Authority ca) {
    /** The server's certificate, then the CA's, as PEM: what --tls-cert gets. */
    public Path writeChain(Path file) {
      return pem(file, certificate, ca.certificate());
    }

    /** The private key as PEM: what --tls-key gets. */
    public Path writeKey(Path file, KeyFormat format) {
      PrivateKey key = keys.getPrivate();
      if (format == KeyFormat.PKCS8)
        return pem(file, new PemObject("PRIVATE KEY", key.getEncoded()));
      if (key instanceof ECPrivateKey ec) return pem(file, sec1(ec));
      return pem(file, key);
    }

    /** Key and chain in a PKCS#12 keystore with this password: what --tls-keystore gets. */
    public Path writeKeystore(Path file, String password) {
      try (OutputStream out = Files.newOutputStream(file)) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(
            "server",
            keys.getPrivate(),
            password.toCharArray(),
            new Certificate[] {certificate, ca.certificate()});
        ks.store(out, password.toCharArray());
        return file;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The certificate's pin, as an agent's --pin takes it. */
    public String pin() {
      try {
        return "sha256:"
            + HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * An EC key as OpenSSL writes 'EC PRIVATE KEY': the curve inside the key's own structure (the
   * JDK's encoding leaves it to PKCS#8's algorithm identifier, so a plain conversion loses it).
   */
  private static PemObject sec1(ECPrivateKey key) {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
      var sec1 =
          new org.bouncycastle.asn1.sec.ECPrivateKey(
              key.getParams().getOrder().bitLength(),
              key.getS(),
              info.getPrivateKeyAlgorithm().getParameters());
      return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new CA named {@code name}, with an EC key. */
  public static Authority authority(String name) {
    KeyPair keys = ec();
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    return new Authority(
        keys,
        sign(
            subject,
            keys.getPrivate(),
            subject,
            keys.getPublic(),
            now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(30)),
            null));
  }

  public static KeyPair ec() {
    return keys("EC", 256);
  }

  public static KeyPair rsa() {
    return keys("RSA", 2048);
  }

  private static KeyPair keys(String algorithm, int size) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      g.initialize(size);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A certificate; a CA's when {@code serverNames} is null, else a server's for those names. */
  private static X509Certificate sign(
      X500Name issuer,
      PrivateKey signer,
      X500Name subject,
      PublicKey key,
      Instant from,
      Instant until,
      GeneralName[] serverNames) {
    try {
      var b =
          new JcaX509v3CertificateBuilder(
              issuer, new BigInteger(63, RANDOM), Date.from(from), Date.from(until), subject, key);
      if (serverNames == null) {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(serverNames));
      }
      String algorithm = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(signer)));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path pem(Path file, Object... objects) {
    try (JcaPEMWriter pem =
        new JcaPEMWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII))) {
      for (Object o : objects) {
        if (o instanceof PemObject raw) pem.writeObject((PemObjectGenerator) raw);
        else pem.writeObject(o);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
