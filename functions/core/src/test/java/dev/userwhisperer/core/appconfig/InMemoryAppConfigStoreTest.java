package dev.userwhisperer.core.appconfig;

import dev.userwhisperer.core.testing.AppConfigStoreContract;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;

class InMemoryAppConfigStoreTest extends AppConfigStoreContract {
  @Override
  protected AppConfigStore store() {
    return new InMemoryAppConfigStore();
  }
}
