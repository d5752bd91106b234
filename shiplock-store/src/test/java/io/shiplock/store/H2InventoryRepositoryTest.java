package io.shiplock.store;

class H2InventoryRepositoryTest extends InventoryRepositoryContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}
