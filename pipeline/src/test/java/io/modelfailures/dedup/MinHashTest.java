package io.modelfailures.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The fast word scan and shingle hashing give exactly what their plain definitions give. */
class MinHashTest {

  /** The definition: split the lower-cased text on runs of non-letters and non-numbers. */
  private static List<String> wordsByRegex(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /** The definition: hash each shingle's words joined by single spaces. */
  private static long[] shinglesByJoin(String text) {
    List<String> w = wordsByRegex(text);
    if (w.isEmpty()) {
      return new long[0];
    }
    int n = Math.max(1, w.size() - MinHash.SHINGLE_WORDS + 1);
    long[] h = new long[n];
    for (int i = 0; i < n; i++) {
      h[i] =
          MinHash.hash(
              String.join(" ", w.subList(i, Math.min(w.size(), i + MinHash.SHINGLE_WORDS))));
    }
    return Arrays.stream(h).sorted().distinct().toArray();
  }

  private static final List<String> TEXTS =
      List.of(
          "",
          "   ",
          "one",
          "two words",
          "## Bug 3: S3 bucket `my-bucket_01` lacks encryption!! (CRITICAL)",
          "Ünïcödé façade: ΑΒΓ δέλτα — 日本語 テキスト ½ Ⅻ ① 𝟘𝟙 emoji 🚀 end",
          "İstanbul DİKKAT: dotted capitals lower-case to two chars",
          "repeat repeat repeat repeat repeat repeat",
          "line one\nline two\r\n\ttabbed\u00a0nbsp\u2003em-space");

  @Test
  void wordsMatchTheRegexDefinition() {
    for (String t : TEXTS) {
      assertThat(MinHash.words(t)).as(t).isEqualTo(wordsByRegex(t));
    }
  }

  @Test
  void shinglesMatchTheJoinedStringDefinition() {
    for (String t : TEXTS) {
      assertThat(MinHash.shingles(t)).as(t).isEqualTo(shinglesByJoin(t));
    }
  }
}
