package io.shiplock.server.auth;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt (Bouncy Castle's maintained implementation), cost 11 (about 0.1 s a check on this class of
 * machine).
 */
public final class Passwords {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int COST = 11;

  private Passwords() {}

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, COST);
  }

  public static boolean matches(String hash, String password) {
    try {
      return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
