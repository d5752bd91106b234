package io.shiplock.server.auth.ldap;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.NamingException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS sockets to the directory that trust the CAs of {@code SHIPLOCK_LDAP_CA} rather than the
 * JVM's. StartTLS takes a factory directly; an ldaps:// connection takes only a class name whose
 * static {@code getDefault()} JNDI calls on the connecting thread, so the factory of the connection
 * being opened is handed over in a thread-local around it ({@link #opening}).
 */
public final class DirectorySockets extends SSLSocketFactory {
  private static final ThreadLocal<SSLSocketFactory> OPENING = new ThreadLocal<>();

  private final SSLSocketFactory delegate;

  private DirectorySockets(SSLSocketFactory delegate) {
    this.delegate = delegate;
  }

  /** A factory whose sockets trust these CAs alone. */
  static SSLSocketFactory trusting(List<X509Certificate> authorities) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < authorities.size(); i++)
        store.setCertificateEntry("ca-" + i, authorities.get(i));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return ssl.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store of SHIPLOCK_LDAP_CA", e);
    }
  }

  /** What opens a JNDI connection. */
  interface Open<T> {
    T open() throws NamingException;
  }

  /** Runs {@code open} with {@code factory} as the sockets of the connection it makes. */
  static <T> T opening(SSLSocketFactory factory, Open<T> open) throws NamingException {
    OPENING.set(factory);
    try {
      return open.open();
    } finally {
      OPENING.remove();
    }
  }

  /** Called by JNDI by name (java.naming.ldap.factory.socket), on the thread opening. */
  public static SocketFactory getDefault() {
    SSLSocketFactory f = OPENING.get();
    if (f == null) throw new IllegalStateException("no directory connection is being opened");
    return new DirectorySockets(f);
  }

  @Override
  public Socket createSocket() throws IOException {
    return delegate.createSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return delegate.createSocket(host, port);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return delegate.createSocket(host, port, localHost, localPort);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return delegate.createSocket(host, port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return delegate.createSocket(address, port, localAddress, localPort);
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose)
      throws IOException {
    return delegate.createSocket(s, host, port, autoClose);
  }

  @Override
  public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
    return delegate.createSocket(s, consumed, autoClose);
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return delegate.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }
}
