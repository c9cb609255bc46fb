package dev.userwhisperer.core.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.message.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DraftSchemaTest {

  @Test
  void aValidEmailAnswerReadsIntoADraft() {
    Draft d =
        DraftSchema.parse(
            "{\"subject\":\"Hi\",\"preheader\":\"P\",\"body\":\"Hi {{firstName}},\\n\\nText\",\"cta\":\"Go\"}",
            Channel.EMAIL);

    assertThat(d).isEqualTo(new Draft("Hi", "P", null, "Hi {{firstName}},\n\nText", "Go"));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SMS|{\"text\":|malformed_output",
        "SMS|not json at all|malformed_output",
        "SMS|{}|schema_violation",
        "SMS|{\"text\":\"\"}|schema_violation",
        "SMS|{\"text\":\"a\",\"extra\":1}|schema_violation",
        "PUSH|{\"title\":\"T\",\"body\":42}|schema_violation",
        "PUSH|{\"title\":\"T\"}|schema_violation",
        "SMS|{\"text\":\"Hi {{lastName}}\"}|schema_violation",
        "SMS|{\"text\":\"Hi {{ email }}\"}|schema_violation",
      })
  void anAnswerThatIsNotTheChannelsJsonIsAFailureWithItsReason(
      Channel channel, String answer, String reason) {
    assertThatThrownBy(() -> DraftSchema.parse(answer, channel))
        .isInstanceOfSatisfying(WriterFailure.class, f -> assertThat(f.reason()).isEqualTo(reason));
  }

  @Test
  void anAnswerOverTheLengthLimitIsASchemaViolation() {
    String longTitle = "x".repeat(DraftSchema.PUSH_TITLE_MAX + 1);
    assertThatThrownBy(
            () ->
                DraftSchema.parse("{\"title\":\"" + longTitle + "\",\"body\":\"b\"}", Channel.PUSH))
        .isInstanceOfSatisfying(
            WriterFailure.class, f -> assertThat(f.reason()).isEqualTo("schema_violation"));
  }

  @Test
  void theProviderSchemaKeepsTheFieldsButNotTheLengths() {
    assertThat(DraftSchema.withoutLengths(Channel.EMAIL).toString())
        .contains("subject", "preheader", "body", "cta", "additionalProperties=false")
        .doesNotContain("maxLength");
    assertThat(DraftSchema.maxLengths(Channel.PUSH)).containsEntry("title", 50);
  }
}
