package io.shiplock.core.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API tokens: {@code slk_} and 40 random base-62 characters (238 bits). Only a SHA-256 hash is
 * stored; a fast hash suffices because the token is random, unlike a password.
 */
public final class Tokens {
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final String PREFIX = "slk_";

  private Tokens() {}

  /** Agent tokens look different ({@code slka_}) so neither kind passes for the other. */
  public static final String AGENT_PREFIX = "slka_";

  public static String newToken() {
    return random(PREFIX);
  }

  public static String newAgentToken() {
    return random(AGENT_PREFIX);
  }

  private static String random(String prefix) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < 40; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    return sb.toString();
  }

  public static String newPassword() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    return sb.toString();
  }

  public static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
