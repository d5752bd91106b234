package io.shiplock.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.store.InventoryRepository.Entry;
import io.shiplock.core.store.InventoryRepository.Event;
import io.shiplock.core.store.InventoryRepository.Place;
import io.shiplock.core.store.InventoryRepository.VersionAt;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineViewsTest {
  private static final Place P = new Place("Shop", "Test", "worker/Svc", "Svc");
  private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

  private static Entry entry(VersionAt desired, VersionAt actual) {
    return new Entry(1, P, Optional.ofNullable(desired), Optional.ofNullable(actual), List.of());
  }

  @Test
  void aPlaceIsInstallingWhileWhatShouldBeThereIsNotWhatIs() {
    var v1 = new VersionAt(1, "1.0", 5, T);
    var v2 = new VersionAt(2, "2.0", 6, T);
    assertThat(PipelineViews.installing(entry(v1, v1))).isNull();
    assertThat(PipelineViews.installing(entry(v2, v1)))
        .isEqualTo(new PipelineView.Install("2.0", 6, null));
    assertThat(PipelineViews.installing(entry(v1, null)))
        .isEqualTo(new PipelineView.Install("1.0", 5, null));
    // The same version again (a forced reinstall) by another request is an install too.
    assertThat(PipelineViews.installing(entry(new VersionAt(1, "1.0", 9, T), v1)))
        .isEqualTo(new PipelineView.Install("1.0", 9, null));
    assertThat(PipelineViews.installing(null)).isNull();
  }

  @Test
  void onlyAFailedLastInstallIsMarked() {
    assertThat(PipelineViews.lastFailed(new Event(2, "2.0", 7, "install-failed", "exit 3", T)))
        .isEqualTo(new PipelineView.Install("2.0", 7, "exit 3"));
    assertThat(PipelineViews.lastFailed(new Event(2, "2.0", 8, "installed", null, T))).isNull();
    assertThat(PipelineViews.lastFailed(null)).isNull();
  }
}
