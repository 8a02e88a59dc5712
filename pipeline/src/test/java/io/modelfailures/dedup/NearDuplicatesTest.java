package io.modelfailures.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelfailures.extract.TextDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** MinHash, LSH grouping and its precision and recall on edited copies of sample-data. */
class NearDuplicatesTest {

  private static final String TEXT =
      "The model created an S3 bucket without encryption and the policy allowed public reads,"
          + " so the stack failed the security review; the fix enables SSE and blocks public"
          + " access on every bucket in the stack.";

  @Test
  void shinglesAndSignatureAreDeterministicAndEstimateJaccard() {
    assertThat(MinHash.shingles("A b, c d!")).hasSize(2);
    assertThat(MinHash.shingles("one two")).hasSize(1);
    assertThat(MinHash.shingles("  ** ")).isEmpty();
    assertThat(MinHash.signature(MinHash.shingles(TEXT)))
        .isEqualTo(MinHash.signature(MinHash.shingles(TEXT.toUpperCase())));
    String edited = TEXT.replace("security review", "compliance check");
    long[] a = MinHash.shingles(TEXT);
    long[] b = MinHash.shingles(edited);
    double exact = MinHash.jaccard(a, b);
    assertThat(exact).isBetween(0.6, 0.95);
    assertThat(MinHash.estimate(MinHash.signature(a), MinHash.signature(b)))
        .isCloseTo(exact, within(0.15));
  }

  @Test
  void groupsAreConnectedComponentsWithLargestDocumentAsRepresentative() {
    String a = TEXT;
    String b = TEXT + " Also the alarm was missing.";
    String c = b + " And the queue had no dead letter target.";
    String unrelated =
        "Terraform output lacked the subnet ids, so downstream modules could not attach their"
            + " load balancers to the private network of the account.";
    List<NearDuplicates.Fingerprint> docs =
        new ArrayList<>(
            List.of(
                NearDuplicates.Fingerprint.of("z/c.md", c.length(), c),
                NearDuplicates.Fingerprint.of("a/a.md", a.length(), a),
                NearDuplicates.Fingerprint.of("m/b.md", b.length(), b),
                NearDuplicates.Fingerprint.of("u/u.md", unrelated.length(), unrelated),
                NearDuplicates.Fingerprint.of("e/empty.md", 0, "")));
    Map<String, NearDuplicates.Membership> m = NearDuplicates.group(docs, 0.7);
    assertThat(m).containsOnlyKeys("a/a.md", "m/b.md", "z/c.md");
    assertThat(m.values().stream().map(NearDuplicates.Membership::group).distinct())
        .singleElement()
        .asString()
        .startsWith("nd-")
        .hasSize(19);
    assertThat(m.get("z/c.md").representative()).isTrue();
    assertThat(m.get("a/a.md").representative()).isFalse();
    Collections.reverse(docs);
    assertThat(NearDuplicates.group(docs, 0.7)).isEqualTo(m);
    assertThat(NearDuplicates.group(docs, 0.99)).isEmpty();
  }

  @Test
  void editedCopiesOfSampleDataGroupAndUnrelatedDocumentsDoNot() throws Exception {
    Path cwd = Path.of("").toAbsolutePath();
    Path sample =
        (Files.isDirectory(cwd.resolve("sample-data")) ? cwd : cwd.getParent())
            .resolve("sample-data");
    List<String> originals = new ArrayList<>();
    TreeSet<String> seen = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(sample)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        if (!p.getFileName().toString().toLowerCase().startsWith("model_failures")) {
          continue;
        }
        try {
          String text = TextDecoder.decode(Files.readAllBytes(p));
          if (MinHash.words(text).size() >= 30 && seen.add(text)) {
            originals.add(text);
          }
        } catch (TextDecoder.DecodeException e) {
          // Not text: not a candidate.
        }
      }
    }
    assertThat(originals).hasSizeGreaterThan(15);
    NearDuplicateEvaluation e = NearDuplicateEvaluation.run(originals, 0.8);
    System.out.println("near-duplicates on sample-data edited copies: " + e);
    assertThat(e.precision()).isGreaterThanOrEqualTo(0.95);
    assertThat(e.recall()).isGreaterThanOrEqualTo(0.95);
  }
}
