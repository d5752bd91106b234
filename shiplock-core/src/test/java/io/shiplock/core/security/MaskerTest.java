package io.shiplock.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskerTest {
  private static final String SECRET = "s3cr3t &pass/é";
  private final Masker masker = new Masker(List.of(SECRET, "ab"));

  private static byte[] bytes() {
    return SECRET.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void masksTheValueAndItsBase64AndUrlEncodedForms() {
    assertThat(masker.mask("password=" + SECRET + " end")).isEqualTo("password=**** end");
    String b64 = Base64.getEncoder().encodeToString(bytes());
    assertThat(masker.mask("basic " + b64 + " here")).isEqualTo("basic **** here");
    String form = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
    assertThat(form).contains("+");
    assertThat(masker.mask("q=" + form)).isEqualTo("q=****");
  }

  @Test
  void masksEveryPercentEncodingMixAndTheHexOfItsBytes() {
    String upper = URLEncoder.encode(SECRET, StandardCharsets.UTF_8).replace("+", "%20");
    String lower = upper.replace("%2F", "%2f").replace("%C3%A9", "%c3%a9");
    String someEncoded = "s3cr3t%20%26pass/%C3%A9"; // only some characters encoded
    String hex = HexFormat.of().formatHex(bytes());
    for (String form :
        List.of(
            upper,
            lower,
            someEncoded,
            hex,
            hex.toUpperCase(Locale.ROOT),
            Base64.getEncoder().withoutPadding().encodeToString(bytes()),
            Base64.getUrlEncoder().encodeToString(bytes())))
      assertThat(masker.mask("<" + form + ">")).as(form).isEqualTo("<****>");
  }

  @Test
  void aPartialValueAndShortValuesStayReadable() {
    assertThat(masker.mask("s3cr3t %26pa")).isEqualTo("s3cr3t %26pa");
    assertThat(masker.mask("about abc")).isEqualTo("about abc");
    assertThat(masker.mask((String) null)).isNull();
  }

  @Test
  void aLongerValueIsMaskedWholeWhenItContainsAShorterOne() {
    Masker m = new Masker(List.of("token", "token-extended"));
    assertThat(m.mask("a token-extended b token")).isEqualTo("a **** b ****");
  }

  @Test
  void masksTheValuesOfAMap() {
    assertThat(masker.mask(Map.of("out", "x" + SECRET))).isEqualTo(Map.of("out", "x****"));
    assertThat(Masker.NONE.mask("x" + SECRET)).isEqualTo("x" + SECRET);
  }
}
