package io.shiplock.store;

class SqliteSnapshotRepositoryTest extends SnapshotRepositoryContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
