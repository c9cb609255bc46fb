package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class DocumentIdsTest {

  @Test
  void plainIdsStayReadable() {
    assertThat(DocumentIds.escape("user-42@example.com")).isEqualTo("user-42@example.com");
    assertThat(DocumentIds.escape("anon:1f2e")).isEqualTo("anon:1f2e");
  }

  @Test
  void idsFirestoreWouldRefuseAreEscaped() {
    assertThat(DocumentIds.escape("a/b")).isEqualTo("a%2Fb");
    assertThat(DocumentIds.escape(".")).isEqualTo("%2E");
    assertThat(DocumentIds.escape("..")).isEqualTo("%2E.");
    assertThat(DocumentIds.escape("__name__")).isEqualTo("%5F_name__");
    assertThatThrownBy(() -> DocumentIds.escape("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void distinctIdsStayDistinct(
      @ForAll
          @StringLength(min = 1, max = 6)
          @Chars({'/', '%', '.', '_', '2', 'F'})
          @CharRange(from = 'a', to = 'c')
          String a,
      @ForAll
          @StringLength(min = 1, max = 6)
          @Chars({'/', '%', '.', '_', '2', 'F'})
          @CharRange(from = 'a', to = 'c')
          String b) {
    assertThat(DocumentIds.escape(a).equals(DocumentIds.escape(b))).isEqualTo(a.equals(b));
    assertThat(DocumentIds.escape(a)).doesNotContain("/");
  }

  @Property
  void distinctPartListsJoinToDistinctKeys(
      @ForAll @StringLength(max = 4) @Chars({'/', '%', 'a'}) String a1,
      @ForAll @StringLength(max = 4) @Chars({'/', '%', 'a'}) String a2,
      @ForAll @StringLength(max = 4) @Chars({'/', '%', 'a'}) String b1,
      @ForAll @StringLength(max = 4) @Chars({'/', '%', 'a'}) String b2) {
    boolean samePartsTuple = a1.equals(b1) && a2.equals(b2);
    assertThat(DocumentIds.join(List.of(a1, a2)).equals(DocumentIds.join(List.of(b1, b2))))
        .isEqualTo(samePartsTuple);
  }

  @Test
  void hashedIdsAreFixedLengthHexAndSeparateTheirParts() {
    assertThat(DocumentIds.hashed("app", "m-1")).hasSize(64).matches("[0-9a-f]+");
    assertThat(DocumentIds.hashed("ab", "c")).isNotEqualTo(DocumentIds.hashed("a", "bc"));
  }
}
