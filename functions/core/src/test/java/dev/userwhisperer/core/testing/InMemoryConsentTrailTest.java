package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.port.ConsentTrail;

class InMemoryConsentTrailTest extends ConsentTrailContract {
  private final InMemoryConsentTrail trail = new InMemoryConsentTrail();

  @Override
  protected ConsentTrail trail() {
    return trail;
  }
}
