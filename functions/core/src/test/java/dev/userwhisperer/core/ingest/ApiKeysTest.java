package dev.userwhisperer.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  @Test
  void generatedKeyIsPrefixedUrlSafeAndCarries32Bytes() {
    String key = ApiKeys.generate(new Random(1));
    assertThat(key).startsWith("uw_").hasSize(3 + 43).matches("uw_[A-Za-z0-9_-]{43}");
  }

  @Test
  void sameRandomSourceGivesSameKeyAndDifferentDrawsDiffer() {
    assertThat(ApiKeys.generate(new Random(7))).isEqualTo(ApiKeys.generate(new Random(7)));
    Random random = new Random(7);
    assertThat(ApiKeys.generate(random)).isNotEqualTo(ApiKeys.generate(random));
  }

  @Test
  void hashIsLowercaseHexSha256() {
    assertThat(ApiKeys.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
