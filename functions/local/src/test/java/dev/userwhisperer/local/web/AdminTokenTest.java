package dev.userwhisperer.local.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.local.LocalProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
  @TempDir Path dataDir;

  private LocalProperties properties(String adminToken) {
    return new LocalProperties(
        dataDir,
        true,
        Duration.ofSeconds(1),
        Duration.ofMillis(500),
        null,
        false,
        null,
        null,
        adminToken);
  }

  @Test
  void aTokenMadeOnTheFirstStartIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
    AdminToken first = AdminToken.load(properties(null));
    AdminToken second = AdminToken.load(properties(null));

    String token = first.shownOnce();
    assertThat(token).startsWith("uwa_").hasSizeGreaterThan(40);
    assertThat(second.shownOnce()).isNull();
    assertThat(second.matches(token)).isTrue();
    assertThat(second.matches(token + "x")).isFalse();
    assertThat(second.matches(null)).isFalse();
    assertThat(Files.readString(dataDir.resolve(AdminToken.HASH_FILE))).doesNotContain(token);
  }

  @Test
  void aGivenTokenIsUsedAndNothingIsWritten() {
    AdminToken given = AdminToken.load(properties("a-token-of-my-choosing"));

    assertThat(given.shownOnce()).isNull();
    assertThat(given.matches("a-token-of-my-choosing")).isTrue();
    assertThat(dataDir.resolve(AdminToken.HASH_FILE)).doesNotExist();
  }

  @Test
  void aShortGivenTokenStopsTheStart() {
    assertThatThrownBy(() -> properties("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 characters");
  }
}
