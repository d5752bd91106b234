package io.shiplock.core.ucd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UcdIdsTest {
  @Test
  void aNumberedIdIsAUuidThatCarriesItsKindAndNumber() {
    String id = UcdIds.of(UcdIds.Numbered.VERSION, 42);
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(UcdIds.number(UcdIds.Numbered.VERSION, id)).hasValue(42);
    assertThat(UcdIds.number(UcdIds.Numbered.VERSION, id.toUpperCase(Locale.ROOT))).hasValue(42);
    assertThat(UcdIds.number(UcdIds.Numbered.REQUEST, id)).isEmpty();
    assertThat(UcdIds.number(UcdIds.Numbered.VERSION, "1.2")).isEmpty();
    assertThat(UcdIds.number(UcdIds.Numbered.VERSION, UUID.randomUUID().toString())).isEmpty();
    assertThat(
            UcdIds.number(
                UcdIds.Numbered.VERSION, UcdIds.of(UcdIds.Numbered.VERSION, (1L << 48) - 1)))
        .hasValue((1L << 48) - 1);
    assertThatThrownBy(() -> UcdIds.of(UcdIds.Numbered.VERSION, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNamedObjectsIdIsStableAndDiffersByKindAndApplication() {
    String a = UcdIds.of(ObjectKey.of(Kind.COMPONENT, "JPetStore APP"));
    assertThat(UcdIds.of(ObjectKey.of(Kind.COMPONENT, "JPetStore APP"))).isEqualTo(a);
    assertThat(UcdIds.isUuid(a)).isTrue();
    assertThat(UcdIds.of(ObjectKey.of(Kind.APPLICATION, "JPetStore APP"))).isNotEqualTo(a);
    assertThat(UcdIds.of(new ObjectKey(Kind.ENVIRONMENT, "A", "DEV")))
        .isNotEqualTo(UcdIds.of(new ObjectKey(Kind.ENVIRONMENT, "B", "DEV")));
    assertThat(UcdIds.isUuid("JPetStore APP")).isFalse();
  }
}
