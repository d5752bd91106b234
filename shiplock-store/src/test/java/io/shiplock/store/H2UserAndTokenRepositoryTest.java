package io.shiplock.store;

class H2UserAndTokenRepositoryTest extends UserAndTokenRepositoryContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}
