package io.shiplock.store;

class PostgresSnapshotRepositoryTest extends SnapshotRepositoryContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
