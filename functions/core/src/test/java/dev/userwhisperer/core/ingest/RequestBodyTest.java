package dev.userwhisperer.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RequestBodyTest {

  /** Mostly ASCII, as real bodies are, with now and then a byte of any value. */
  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<Byte> mostlyAscii =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(12, Arbitraries.bytes().between((byte) 0, (byte) 0x7f)),
            net.jqwik.api.Tuple.of(1, Arbitraries.bytes()));
    return mostlyAscii.array(byte[].class).ofMaxSize(40);
  }

  @Property(tries = 3000)
  void aBodyIsRefusedExactlyWhenStrictUtf8DecodingFailsAndAtTheSameByte(
      @ForAll("bodies") byte[] body) {
    Integer expected = strictDecoderFailsAt(body);
    Envelope.Refusal refusal =
        catchThrowableOfType(Envelope.Refusal.class, () -> RequestBody.decode(null, body));
    if (expected == null) {
      assertThat(refusal).isNull();
    } else {
      assertThat(refusal).isNotNull();
      assertThat(refusal.error.code()).isEqualTo("invalid_utf8");
      assertThat(refusal.error.message()).contains("at byte " + expected + ")");
    }
  }

  @Example
  void anOverlongSlashAfterAsciiIsRefusedAtItsOwnByte() {
    byte[] body = {'{', '"', 'a', (byte) 0xC0, (byte) 0xAF, '"', '}'};
    Envelope.Refusal refusal =
        catchThrowableOfType(Envelope.Refusal.class, () -> RequestBody.decode(null, body));
    assertThat(refusal.error.message()).contains("at byte 3)");
  }

  @Example
  void twoByteCharactersAfterAsciiAreAccepted() throws Exception {
    byte[] body = "{\"name\":\"Zoë and Ærø\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(RequestBody.decode(null, body)).isSameAs(body);
  }

  /** The position the JDK's strict decoder reports, decoding the whole body from its start. */
  private static Integer strictDecoderFailsAt(byte[] body) {
    ByteBuffer in = ByteBuffer.wrap(body);
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in);
      return null;
    } catch (CharacterCodingException e) {
      return in.position();
    }
  }
}
