package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.testing.DecisionLogContract;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;

class InMemoryDecisionLogTest extends DecisionLogContract {
  private final InMemoryDecisionLog log = new InMemoryDecisionLog();

  @Override
  protected DecisionLog log() {
    return log;
  }
}
