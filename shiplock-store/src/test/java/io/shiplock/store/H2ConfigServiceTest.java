package io.shiplock.store;

class H2ConfigServiceTest extends ConfigServiceContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}
