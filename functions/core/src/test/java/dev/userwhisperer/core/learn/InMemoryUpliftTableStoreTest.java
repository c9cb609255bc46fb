package dev.userwhisperer.core.learn;

import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.testing.InMemoryUpliftTableStore;
import dev.userwhisperer.core.testing.UpliftTableStoreContract;

class InMemoryUpliftTableStoreTest extends UpliftTableStoreContract {
  @Override
  protected UpliftTableStore store() {
    return new InMemoryUpliftTableStore();
  }
}
