package io.shiplock.store;

class SqliteConfigSnapshotsTest extends ConfigSnapshotsContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
