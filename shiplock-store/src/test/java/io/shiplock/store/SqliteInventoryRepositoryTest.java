package io.shiplock.store;

class SqliteInventoryRepositoryTest extends InventoryRepositoryContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
