package io.shiplock.server.auth.ldap;

/**
 * The directory could not answer (down, slow, or refusing Shiplock's own bind): a directory user
 * cannot log in now. Local users are not affected.
 */
public final class DirectoryUnreachable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DirectoryUnreachable(String message, Throwable cause) {
    super(message, cause);
  }
}
