package io.shiplock.server.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class TagFilterTest {
  @Test
  void aCatastrophicTagFilterGivesUpWithinItsTime() throws IOException {
    long start = System.nanoTime();
    assertThatThrownBy(() -> RegistryTags.tagMatches("(.*a){15}z", "aaaaaaaaaaaaaaaaaaaaaaaaaaaa!"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("tagFilter")
        .hasMessageContaining("aaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    assertThat(RegistryTags.tagMatches("v[0-9.]+", "v1.2.3")).isTrue();
    assertThat(RegistryTags.tagMatches("v[0-9.]+", "latest")).isFalse();
  }
}
