package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnModelCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) throws Exception {
    return ChurnModelCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void missingDataDirectoryFailsWithWhereItLookedAndWhatToDo(@TempDir Path empty) throws Exception {
    int status =
        run("cdnow", "--data", empty.resolve("nowhere").toString(), "--out", empty.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("CDNOW data not found", "CDNOW_master.txt", "nowhere", "--data");
    assertThat(out.size()).isZero();
  }

  @Test
  void unknownCommandOrOptionPrintsUsage() throws Exception {
    assertThat(run("train")).isEqualTo(2);
    assertThat(run("cdnow", "--epochs", "3")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("usage: cdnow", "unknown option --epochs");
  }
}
