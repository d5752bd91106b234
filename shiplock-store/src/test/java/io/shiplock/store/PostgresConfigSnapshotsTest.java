package io.shiplock.store;

class PostgresConfigSnapshotsTest extends ConfigSnapshotsContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
