package io.modelfailures.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfailures.extract.TextDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Near-duplicate precision and recall on edited copies of every document in {@code
 * ../shared/corpus}, and the number of near-duplicate groups the corpus itself holds. Skipped when
 * the corpus is absent. Prints the figures.
 */
class NearDuplicatesCorpusIT {

  static Map<String, byte[]> corpus() throws Exception {
    Path cwd = Path.of("").toAbsolutePath();
    Path root = Files.isDirectory(cwd.resolve("sample-data")) ? cwd : cwd.getParent();
    Path corpus = root.getParent().resolve("shared").resolve("corpus");
    Assumptions.assumeTrue(Files.isDirectory(corpus), "../shared/corpus is absent");
    Map<String, byte[]> docs = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(corpus)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        if (p.getFileName().toString().matches("(?i)^model_failures[^/\\\\]*\\.md$")) {
          docs.put(p.toString(), Files.readAllBytes(p));
        }
      }
    }
    return docs;
  }

  @Test
  void editedCopiesOfCorpusDocumentsGroupAndUnrelatedOnesDoNot() throws Exception {
    List<String> originals = new ArrayList<>();
    TreeSet<String> seen = new TreeSet<>();
    for (byte[] bytes : corpus().values()) {
      try {
        String text = TextDecoder.decode(bytes);
        // Distinct, non-trivial content: exact copies would be their own near-duplicates.
        if (MinHash.words(text).size() >= 30 && seen.add(text)) {
          originals.add(text);
        }
      } catch (TextDecoder.DecodeException e) {
        // Not text: not a candidate.
      }
    }
    NearDuplicateEvaluation e = NearDuplicateEvaluation.run(originals, 0.8);
    System.out.println("near-duplicates on corpus edited copies: " + e);
    assertThat(e.precision()).isGreaterThanOrEqualTo(0.95);
    assertThat(e.recall()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void nearDuplicateGroupsInTheCorpus() throws Exception {
    List<NearDuplicates.Fingerprint> f = new ArrayList<>();
    for (Map.Entry<String, byte[]> d : corpus().entrySet()) {
      try {
        f.add(
            NearDuplicates.Fingerprint.of(
                d.getKey(), d.getValue().length, TextDecoder.decode(d.getValue())));
      } catch (TextDecoder.DecodeException e) {
        // Not text: not grouped.
      }
    }
    for (double t : new double[] {0.7, 0.8, 0.9}) {
      Map<String, NearDuplicates.Membership> m = NearDuplicates.group(f, t);
      long groups = m.values().stream().map(NearDuplicates.Membership::group).distinct().count();
      System.out.printf(
          "corpus near-duplicates at %.1f: %d documents in %d groups (of %d documents)%n",
          t, m.size(), groups, f.size());
    }
  }
}
