package io.modelfailures.dedup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Precision and recall of {@link NearDuplicates#group} on constructed pairs.
 *
 * <p>Consumes original documents (distinct content); adds {@link EditedCopies} of each and groups
 * originals and copies together. Truth: an original and its copies, and copies of one original, are
 * near-duplicates; two items of different originals are unrelated when the originals' exact shingle
 * Jaccard is below {@link #UNRELATED}. Pairs of originals that already resemble each other (at or
 * above it, e.g. two versions of one task in the corpus) are left out of the counts, as their truth
 * is not known by construction.
 */
final class NearDuplicateEvaluation {

  static final double UNRELATED = 0.5;

  long truePairs;
  long predictedPairs;
  long truePositives;
  long falsePositives;
  long excludedOriginalPairs;
  int documents;
  int groups;

  double precision() {
    return predictedPairs == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
  }

  double recall() {
    return truePairs == 0 ? 1.0 : (double) truePositives / truePairs;
  }

  @Override
  public String toString() {
    return String.format(
        "documents=%d groups=%d truePairs=%d predictedPairs=%d TP=%d FP=%d"
            + " excludedOriginalPairs=%d precision=%.4f recall=%.4f",
        documents,
        groups,
        truePairs,
        predictedPairs,
        truePositives,
        falsePositives,
        excludedOriginalPairs,
        precision(),
        recall());
  }

  static NearDuplicateEvaluation run(List<String> originals, double threshold) {
    List<NearDuplicates.Fingerprint> items = new ArrayList<>();
    List<Integer> origin = new ArrayList<>();
    List<long[]> originShingles = new ArrayList<>();
    for (int i = 0; i < originals.size(); i++) {
      String text = originals.get(i);
      String other = originals.get((i + 1) % originals.size());
      items.add(NearDuplicates.Fingerprint.of("o" + i, text.length(), text));
      origin.add(i);
      originShingles.add(MinHash.shingles(text));
      int v = 0;
      for (String copy : EditedCopies.of(text, other, 1000L + i)) {
        items.add(NearDuplicates.Fingerprint.of("o" + i + "/v" + v++, copy.length(), copy));
        origin.add(i);
      }
    }
    NearDuplicateEvaluation e = new NearDuplicateEvaluation();
    e.documents = items.size();
    int perOriginal = items.size() / originals.size();
    e.truePairs = (long) originals.size() * perOriginal * (perOriginal - 1) / 2;
    // Resemblance of originals, computed once per pair that ends up in a common group.
    Map<Long, Double> resemblance = new HashMap<>();
    Map<String, NearDuplicates.Membership> m = NearDuplicates.group(items, threshold);
    Map<String, List<Integer>> byGroup = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      NearDuplicates.Membership g = m.get(items.get(i).path());
      if (g != null) {
        byGroup.computeIfAbsent(g.group(), k -> new ArrayList<>()).add(i);
      }
    }
    e.groups = byGroup.size();
    for (List<Integer> members : byGroup.values()) {
      for (int x = 0; x < members.size(); x++) {
        for (int y = x + 1; y < members.size(); y++) {
          int a = origin.get(members.get(x));
          int b = origin.get(members.get(y));
          e.predictedPairs++;
          if (a == b) {
            e.truePositives++;
          } else {
            long key = ((long) Math.min(a, b) << 32) | Math.max(a, b);
            double j =
                resemblance.computeIfAbsent(
                    key, k -> MinHash.jaccard(originShingles.get(a), originShingles.get(b)));
            if (j < UNRELATED) {
              e.falsePositives++;
            }
          }
        }
      }
    }
    // Count resembling original pairs (excluded) over all pairs, for the report.
    for (int a = 0; a < originals.size(); a++) {
      for (int b = a + 1; b < originals.size(); b++) {
        if (MinHash.jaccard(originShingles.get(a), originShingles.get(b)) >= UNRELATED) {
          e.excludedOriginalPairs++;
        }
      }
    }
    return e;
  }
}
