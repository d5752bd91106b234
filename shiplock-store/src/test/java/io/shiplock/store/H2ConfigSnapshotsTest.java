package io.shiplock.store;

class H2ConfigSnapshotsTest extends ConfigSnapshotsContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}
