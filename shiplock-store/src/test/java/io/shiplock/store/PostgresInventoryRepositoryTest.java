package io.shiplock.store;

class PostgresInventoryRepositoryTest extends InventoryRepositoryContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
