package io.shiplock.server.sources;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.TransportException;

/**
 * What an import failure tells the people who may view a component: what failed, the exception's
 * class and a short reason that Shiplock chose. Never the exception's own message: JGit and the
 * JSON parser quote what the remote answered ("invalid advertisement of …", a body excerpt), and a
 * source pointed at an internal service would otherwise read that service out to viewers.
 */
final class ImportErrors {
  private ImportErrors() {}

  /** JGit's HTTP errors read "URL: 500 Reason"; the status is kept, the reason dropped. */
  private static final Pattern HTTP_STATUS = Pattern.compile(": (\\d{3})(?:\\s|$)");

  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause())
      if (t instanceof SourceFailure f) return f.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String reason =
          switch (t) {
            case UnknownHostException x -> "unknown host";
            case ConnectException x -> "connection refused";
            case NoRouteToHostException x -> "no route to host";
            case HttpTimeoutException x -> "timed out";
            case InterruptedIOException x -> "timed out";
            case SSLException x -> "TLS failed";
            case NoRemoteRepositoryException x -> "no repository there";
            case PackProtocolException x -> "the answer is not the git protocol";
            default -> null;
          };
      if (reason != null) return reason + " (" + t.getClass().getSimpleName() + ")";
    }
    String kind = e.getClass().getSimpleName();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (!(t instanceof TransportException)) continue;
      String m = String.valueOf(t.getMessage());
      if (m.contains("not authorized") || m.contains("Authentication is required"))
        return "not authorized (" + kind + ")";
      Matcher status = HTTP_STATUS.matcher(m);
      if (status.find()) return "HTTP status " + status.group(1) + " (" + kind + ")";
      return "the remote did not answer as a git server (" + kind + ")";
    }
    return "failed (" + kind + ")";
  }
}
