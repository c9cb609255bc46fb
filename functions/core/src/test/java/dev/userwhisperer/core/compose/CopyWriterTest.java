package dev.userwhisperer.core.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.Composers;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CopyWriterTest {
  private static final AppConfigRevision APP =
      new AppConfigRevision("a1", 2, AppConfigs.demo(), Instant.parse("2026-01-01T00:00:00Z"));

  private static ContentRequest request(LifecycleStage stage, String intervention) {
    return request(stage, intervention, "a");
  }

  private static ContentRequest request(LifecycleStage stage, String intervention, String variant) {
    return new ContentRequest(
        APP,
        intervention,
        Channel.PUSH,
        "en",
        new Situation(stage, "low", List.of(), List.of(), null, null),
        variant);
  }

  /** A writer that counts its calls and answers with a fixed draft, or fails when told to. */
  private static final class CountingWriter implements ContentWriter {
    final AtomicInteger calls = new AtomicInteger();
    String failWith;

    @Override
    public Written write(ContentRequest request) {
      calls.incrementAndGet();
      if (failWith != null) {
        throw new WriterFailure(failWith, "told to fail");
      }
      return new Written(new Draft(null, null, "T", "Hi {{firstName}}", null), "llm", 120, 40);
    }
  }

  @Test
  void theSameSituationIsWrittenOnceAndReusedWithoutTokens() {
    CountingWriter llm = new CountingWriter();
    CopyWriter writer = new CopyWriter(llm, Composers.templates(), 100);

    Authored first = writer.write(request(LifecycleStage.AT_RISK, "winback"));
    Authored second = writer.write(request(LifecycleStage.AT_RISK, "winback"));
    Authored other = writer.write(request(LifecycleStage.DORMANT, "winback"));

    assertThat(llm.calls).hasValue(2);
    assertThat(first.provenance(2)).isEqualTo(new Provenance(2, "llm", null, false, 120, 40));
    assertThat(second.provenance(2)).isEqualTo(new Provenance(2, "llm", null, true, 0, 0));
    assertThat(other.cached()).isFalse();
  }

  @Test
  void eachVariantOfASituationHasItsOwnCachedCopy() {
    CountingWriter llm = new CountingWriter();
    CopyWriter writer = new CopyWriter(llm, Composers.templates(), 100);

    writer.write(request(LifecycleStage.AT_RISK, "winback", "a"));
    Authored b = writer.write(request(LifecycleStage.AT_RISK, "winback", "b"));
    Authored aAgain = writer.write(request(LifecycleStage.AT_RISK, "winback", "a"));
    Authored bAgain = writer.write(request(LifecycleStage.AT_RISK, "winback", "b"));

    assertThat(llm.calls).hasValue(2);
    assertThat(b.cached()).isFalse();
    assertThat(aAgain.cached()).isTrue();
    assertThat(bAgain.cached()).isTrue();
  }

  @Test
  void aFailingWriterFallsBackToTheTemplatesWithItsReasonAndIsAskedAgainNextTime() {
    CountingWriter llm = new CountingWriter();
    llm.failWith = "http_429";
    CopyWriter writer = new CopyWriter(llm, Composers.templates(), 100);

    Authored fallback = writer.write(request(LifecycleStage.AT_RISK, "winback"));
    writer.write(request(LifecycleStage.AT_RISK, "winback"));

    assertThat(fallback.provenance(2))
        .isEqualTo(new Provenance(2, "template", "http_429", false, 0, 0));
    assertThat(fallback.written().draft().title()).isEqualTo("It has been a while");
    assertThat(llm.calls).hasValue(2);
  }

  @Test
  void withTemplatesOnlyAMissingTemplateIsTheCallersProblem() {
    CopyWriter writer = CopyWriter.templatesOnly(Composers.templates());

    assertThatThrownBy(() -> writer.write(request(LifecycleStage.NEW, "birthday")))
        .isInstanceOfSatisfying(
            WriterFailure.class, f -> assertThat(f.reason()).isEqualTo("no_template"));
  }
}
