package io.shiplock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskerTest {
  private final Masker masker = new Masker(List.of("s3cr3t&pass", "ab"));

  @Test
  void masksTheValueAndItsBase64AndUrlEncodedForms() {
    assertThat(masker.mask("password=s3cr3t&pass end")).isEqualTo("password=**** end");
    assertThat(masker.mask("basic czNjcjN0JnBhc3M= here")).isEqualTo("basic **** here");
    assertThat(masker.mask("q=s3cr3t%26pass")).isEqualTo("q=****");
  }

  @Test
  void veryShortValuesAreNotMaskedSoLogsStayReadable() {
    assertThat(masker.mask("about abc")).isEqualTo("about abc");
  }
}
