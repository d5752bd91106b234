package io.shiplock.store;

class H2SnapshotRepositoryTest extends SnapshotRepositoryContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}
