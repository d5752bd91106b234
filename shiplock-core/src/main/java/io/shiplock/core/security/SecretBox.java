package io.shiplock.core.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of secure property values. The first key encrypts; every key decrypts, so
 * a key is rotated by putting the new key first and keeping the old one until values are rewritten.
 * Stored form: {@code enc:v1:<key id>:<base64 of iv and ciphertext>}.
 */
public final class SecretBox {
  private static final String PREFIX = "enc:v1:";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String primaryId;
  private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

  /** Keys as raw 32-byte arrays, the encrypting one first. */
  public SecretBox(List<byte[]> keyBytes) {
    if (keyBytes.isEmpty()) throw new IllegalArgumentException("at least one key is needed");
    for (byte[] k : keyBytes) {
      if (k.length != 32)
        throw new IllegalArgumentException("a secret key must be 32 bytes (256 bits)");
      keys.put(keyId(k), new SecretKeySpec(k, "AES"));
    }
    this.primaryId = keyId(keyBytes.get(0));
  }

  public static byte[] newKey() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return k;
  }

  static String keyId(byte[] key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A fingerprint of the encrypting key, safe to store beside the values: an HMAC of a fixed label
   * keyed with it, which tells keys apart without revealing them. Nodes sharing a database compare
   * it, so one with another key refuses to start instead of writing values the others cannot read.
   */
  public String fingerprint() {
    return fingerprint(keys.get(primaryId));
  }

  /** The fingerprints of every configured key, the encrypting one first. */
  public List<String> fingerprints() {
    return keys.values().stream().map(SecretBox::fingerprint).toList();
  }

  private static String fingerprint(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      byte[] d = mac.doFinal("shiplock secret key check v1".getBytes(StandardCharsets.UTF_8));
      return "hmac-sha256:" + HexFormat.of().formatHex(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String encrypt(String plain) {
    try {
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.get(primaryId), new GCMParameterSpec(128, iv));
      byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + ct.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(ct, 0, out, iv.length, ct.length);
      return PREFIX + primaryId + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  public static boolean isEncrypted(String stored) {
    return stored != null && stored.startsWith(PREFIX);
  }

  public String decrypt(String stored) {
    if (!isEncrypted(stored)) throw new IllegalArgumentException("not an encrypted value");
    String rest = stored.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    SecretKeySpec key = keys.get(rest.substring(0, colon));
    if (key == null) {
      throw new IllegalStateException(
          "secure value was encrypted with key "
              + rest.substring(0, colon)
              + ", which is not configured");
    }
    try {
      byte[] all = Base64.getDecoder().decode(rest.substring(colon + 1));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
      return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a secure value could not be decrypted (wrong key?)", e);
    }
  }
}
