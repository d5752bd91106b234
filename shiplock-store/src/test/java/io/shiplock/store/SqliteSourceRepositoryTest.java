package io.shiplock.store;

class SqliteSourceRepositoryTest extends SourceRepositoryContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
