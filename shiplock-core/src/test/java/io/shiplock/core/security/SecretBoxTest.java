package io.shiplock.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  private final byte[] oldKey = SecretBox.newKey();
  private final byte[] newKey = SecretBox.newKey();

  @Test
  void encryptsWithARandomIvAndDecrypts() {
    SecretBox box = new SecretBox(List.of(oldKey));
    String a = box.encrypt("hunter2");
    String b = box.encrypt("hunter2");
    assertThat(a).isNotEqualTo(b).doesNotContain("hunter2").startsWith("enc:v1:");
    assertThat(box.decrypt(a)).isEqualTo("hunter2");
  }

  @Test
  void theFingerprintTellsKeysApartWithoutShowingThem() {
    SecretBox a = new SecretBox(List.of(oldKey));
    assertThat(a.fingerprint())
        .isEqualTo(new SecretBox(List.of(oldKey)).fingerprint())
        .isNotEqualTo(new SecretBox(List.of(newKey)).fingerprint())
        .doesNotContain(HexFormat.of().formatHex(oldKey))
        .doesNotContain(Base64.getEncoder().encodeToString(oldKey));
    SecretBox rotated = new SecretBox(List.of(newKey, oldKey));
    assertThat(rotated.fingerprints())
        .containsExactly(new SecretBox(List.of(newKey)).fingerprint(), a.fingerprint());
  }

  @Test
  void rotatedKeysStillDecryptOldValues() {
    String before = new SecretBox(List.of(oldKey)).encrypt("s3cret");
    SecretBox rotated = new SecretBox(List.of(newKey, oldKey));
    assertThat(rotated.decrypt(before)).isEqualTo("s3cret");
    assertThat(rotated.encrypt("x")).contains(SecretBox.keyId(newKey));
  }

  @Test
  void tamperingOrAMissingKeyIsDetected() {
    String value = new SecretBox(List.of(oldKey)).encrypt("s3cret");
    assertThatThrownBy(() -> new SecretBox(List.of(newKey)).decrypt(value))
        .hasMessageContaining("not configured");
    String tampered = value.substring(0, value.length() - 4) + "AAA=";
    assertThatThrownBy(() -> new SecretBox(List.of(oldKey)).decrypt(tampered))
        .hasMessageContaining("could not be decrypted");
  }
}
