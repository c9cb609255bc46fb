package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.port.DeliveryLedger;

class InMemoryDeliveryLedgerTest extends DeliveryLedgerContract {
  @Override
  protected DeliveryLedger ledger() {
    return new InMemoryDeliveryLedger();
  }
}
