package io.shiplock.server.sources;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * ssh:// access with a private key from a secure property: the key is parsed in memory (never
 * written to disk); the server's host key is trusted on first use and pinned in {@code known_hosts}
 * beside the mirrors, so a changed host key is refused with a clear message. No ssh configuration
 * or agent of the server's user is read.
 */
final class SshAccess implements AutoCloseable {
  private final SshdSessionFactory factory;

  SshAccess(String privateKey, Path dir) throws IOException {
    Iterable<KeyPair> keys;
    try {
      keys =
          SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName("source key"),
              new ByteArrayInputStream(privateKey.getBytes(StandardCharsets.UTF_8)),
              null);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException("the ssh key is not a readable private key: " + e.getMessage());
    }
    if (keys == null || !keys.iterator().hasNext())
      throw new IOException("the ssh key property holds no private key");
    Files.createDirectories(dir);
    Path knownHosts = dir.resolve("known_hosts");
    factory =
        new SshdSessionFactoryBuilder()
            .setHomeDirectory(dir.toFile())
            .setSshDirectory(dir.toFile())
            .setConfigStoreFactory((home, file, user) -> null)
            .setDefaultKeysProvider(ignored -> keys)
            .setPreferredAuthentications("publickey")
            .setServerKeyDatabase((home, ssh) -> new PinnedHosts(knownHosts))
            .build(null);
  }

  TransportConfigCallback callback() {
    return transport -> {
      if (transport instanceof SshTransport ssh) ssh.setSshSessionFactory(factory);
    };
  }

  @Override
  public void close() {
    factory.close();
  }

  /** Trust on first use: the first key a host shows is kept; any other key later is refused. */
  private record PinnedHosts(Path file) implements ServerKeyDatabase {
    @Override
    public List<PublicKey> lookup(String address, InetSocketAddress remote, Configuration config) {
      return List.of();
    }

    @Override
    public synchronized boolean accept(
        String address,
        InetSocketAddress remote,
        PublicKey key,
        Configuration config,
        CredentialsProvider provider) {
      String fingerprint = fingerprint(key);
      try {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        for (String line : lines) {
          String[] parts = line.split(" ", 2);
          if (parts.length == 2 && parts[0].equals(address)) return parts[1].equals(fingerprint);
        }
        Files.writeString(
            file,
            address + " " + fingerprint + "\n",
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private static String fingerprint(PublicKey key) {
      try {
        return "SHA256:"
            + Base64.getEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
