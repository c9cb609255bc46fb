package dev.userwhisperer.models.uplift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureEncodingTest {
  @TempDir Path dir;

  private CampaignTable csv(String text) throws Exception {
    Path file = dir.resolve("campaign.csv");
    Files.writeString(file, text);
    return CampaignTable.read(file);
  }

  @Test
  void numericColumnsPassThroughAndTextColumnsBecomeOneFeaturePerValue() throws Exception {
    CampaignTable table =
        csv(
            """
            age,"city, region",spend
            31,"Paris, FR",12.5
            ,Lyon,NA
            45,"Paris, FR",3
            """);

    FeatureEncoding encoding = FeatureEncoding.fit(table, List.of("age", "city, region", "spend"));

    assertThat(encoding.names())
        .containsExactly("age", "city, region=Lyon", "city, region=Paris, FR", "spend");
    float[][] rows = encoding.encode(table);
    assertThat(rows[0]).containsExactly(31f, 0f, 1f, 12.5f);
    assertThat(rows[1][0]).as("missing numeric").isNaN();
    assertThat(rows[1][3]).isNaN();
    assertThat(rows[1]).contains(1f, 0f);
  }

  @Test
  void aValueUnseenInTrainingSetsNoneOfItsColumnsFeatures() throws Exception {
    FeatureEncoding encoding =
        FeatureEncoding.fit(csv("plan,x\nfree,1\npro,2\n"), List.of("plan", "x"));

    float[][] rows = encoding.encode(csv("x,plan\n5,enterprise\n"));

    assertThat(rows[0]).containsExactly(0f, 0f, 5f);
  }

  @Test
  void aTextColumnWithManyValuesIsRejectedWithWhatToDo() throws Exception {
    List<String> lines = new ArrayList<>(List.of("email,x"));
    for (int i = 0; i < 30; i++) {
      lines.add("user" + i + "@example.com," + i);
    }
    CampaignTable table = csv(String.join("\n", lines));

    assertThatThrownBy(() -> FeatureEncoding.fit(table, List.of("email", "x")))
        .isInstanceOf(InvalidCampaignException.class)
        .hasMessageContaining("'email'")
        .hasMessageContaining("--features");
  }

  @Test
  void textInANumericColumnWhenScoringNamesTheRowAndColumn() throws Exception {
    FeatureEncoding encoding = FeatureEncoding.fit(csv("x\n1\n2\n"), List.of("x"));

    assertThatThrownBy(() -> encoding.encode(csv("x\n3\nthree\n")))
        .isInstanceOf(InvalidCampaignException.class)
        .hasMessageContaining("data row 1")
        .hasMessageContaining("'x'")
        .hasMessageContaining("three");
  }

  @Test
  void malformedFilesAreRejectedWithTheReason() throws Exception {
    assertThatThrownBy(() -> csv(""))
        .isInstanceOf(InvalidCampaignException.class)
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> csv("a,b\n"))
        .isInstanceOf(InvalidCampaignException.class)
        .hasMessageContaining("no data rows");
    assertThatThrownBy(() -> csv("a,b\n1,2\n3\n"))
        .isInstanceOf(InvalidCampaignException.class)
        .hasMessageContaining("line 3: 1 fields, the header has 2");
    assertThatThrownBy(() -> csv("a,a\n1,2\n"))
        .isInstanceOf(InvalidCampaignException.class)
        .hasMessageContaining("repeats");
    assertThatThrownBy(() -> CampaignTable.read(dir.resolve("nope.csv")))
        .isInstanceOf(InvalidCampaignException.class)
        .hasMessageContaining("file not found");
  }
}
