package dev.userwhisperer.core.learn;

import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.testing.ArmStatisticsContract;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;

class InMemoryArmStatisticsTest extends ArmStatisticsContract {
  @Override
  protected ArmStatistics statistics() {
    return new InMemoryArmStatistics();
  }
}
