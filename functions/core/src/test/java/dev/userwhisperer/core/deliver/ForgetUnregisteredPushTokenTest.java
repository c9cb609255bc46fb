package dev.userwhisperer.core.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.profile.Reachability;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.OutboundMessages;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForgetUnregisteredPushTokenTest {
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();

  private void reachableAt(String userId, String token) {
    profiles.update(
        "app1",
        userId,
        p ->
            p.withReachability(
                new Reachability("ada@example.com", null, token, Map.of(), Set.of())));
  }

  @Test
  void theTokenTheMessageWentToIsRemovedAndTheRestKept() {
    reachableAt("u-m-1", "old-token");

    new ForgetUnregisteredPushToken(profiles).accept(OutboundMessages.push("m-1", "old-token"));

    Reachability r = profiles.find("app1", "u-m-1").orElseThrow().reachability();
    assertThat(r.pushToken()).isNull();
    assertThat(r.email()).isEqualTo("ada@example.com");
  }

  @Test
  void aNewerTokenIsKept() {
    reachableAt("u-m-2", "new-token");

    new ForgetUnregisteredPushToken(profiles).accept(OutboundMessages.push("m-2", "old-token"));

    assertThat(profiles.find("app1", "u-m-2").orElseThrow().reachability().pushToken())
        .isEqualTo("new-token");
  }
}
