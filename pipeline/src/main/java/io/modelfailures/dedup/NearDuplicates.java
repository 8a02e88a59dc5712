package io.modelfailures.dedup;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups documents that are near-duplicates: across paths, and across versions of one document.
 *
 * <p>Consumes one {@link Fingerprint} per document; emits, for each document in a group of two or
 * more, its {@link Membership}. Candidates come from LSH banding of the MinHash signatures ({@link
 * #BANDS} bands of {@link #ROWS} rows: a pair whose similarity is 0.5 shares a band with
 * probability 0.87, at 0.8 with probability 1 - 5·10^-8); each candidate pair is then verified with
 * the MinHash estimate of its Jaccard similarity (the share of equal signature positions; standard
 * error about 0.035 at 0.8), and kept when it is at least the threshold. Verifying with the
 * signature rather than the shingle sets keeps a fingerprint at a fixed size (128 longs and the
 * path) whatever the document's length, so that the memory of the one grouping step grows by about
 * 1 KB per document. Groups are the connected components of verified pairs, so the result does not
 * depend on input order. A group's id is {@code nd-} and the first 16 hex characters of the sha256
 * of its smallest path; its representative is its largest document, ties broken by the smallest
 * path.
 */
public final class NearDuplicates {

  public static final int BANDS = 32;
  public static final int ROWS = MinHash.HASHES / BANDS;

  private NearDuplicates() {}

  /** One document's identity, size and MinHash signature (null when it has no words). */
  public record Fingerprint(String path, long sizeBytes, long[] signature) implements Serializable {
    public static Fingerprint of(String path, long sizeBytes, String text) {
      return new Fingerprint(path, sizeBytes, MinHash.signature(MinHash.shingles(text)));
    }

    // Value equality, so that Beam's mutation checks can compare decoded copies.
    @Override
    public boolean equals(Object o) {
      return o instanceof Fingerprint f
          && path.equals(f.path)
          && sizeBytes == f.sizeBytes
          && Arrays.equals(signature, f.signature);
    }

    @Override
    public int hashCode() {
      return path.hashCode() * 31 + Arrays.hashCode(signature);
    }
  }

  /** A document's group and whether it represents the group. */
  public record Membership(String group, boolean representative) implements Serializable {}

  /** Every document in a group of at least two, by path. */
  public static Map<String, Membership> group(List<Fingerprint> docs, double threshold) {
    List<Fingerprint> sorted = new ArrayList<>();
    for (Fingerprint f : docs) {
      if (f.signature() != null) {
        sorted.add(f);
      }
    }
    sorted.sort(Comparator.comparing(Fingerprint::path));
    int[] parent = new int[sorted.size()];
    Arrays.setAll(parent, i -> i);
    // Components of the verified-pair graph do not depend on the order pairs are visited in, and
    // a pair already connected needs no check; so pairs are not collected first (a large group of
    // versions has a quadratic number of them).
    for (int band = 0; band < BANDS; band++) {
      for (List<Integer> bucket : buckets(sorted, band)) {
        for (int x = 0; x < bucket.size(); x++) {
          for (int y = x + 1; y < bucket.size(); y++) {
            int a = bucket.get(x);
            int b = bucket.get(y);
            int ra = find(parent, a);
            int rb = find(parent, b);
            if (ra != rb
                && MinHash.estimate(sorted.get(a).signature(), sorted.get(b).signature())
                    >= threshold) {
              parent[Math.max(ra, rb)] = Math.min(ra, rb);
            }
          }
        }
      }
    }
    Map<Integer, List<Fingerprint>> components = new TreeMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      components.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(sorted.get(i));
    }
    Map<String, Membership> out = new TreeMap<>();
    for (List<Fingerprint> members : components.values()) {
      if (members.size() < 2) {
        continue;
      }
      // Members are in path order, so the first is the smallest path.
      String id = "nd-" + sha256(members.get(0).path()).substring(0, 16);
      Fingerprint rep =
          members.stream()
              .min(
                  Comparator.comparingLong(Fingerprint::sizeBytes)
                      .reversed()
                      .thenComparing(Fingerprint::path))
              .orElseThrow();
      for (Fingerprint f : members) {
        out.put(f.path(), new Membership(id, f == rep));
      }
    }
    return out;
  }

  /** Documents (indexes, ascending) that share the band's rows, for buckets of two or more. */
  static List<List<Integer>> buckets(List<Fingerprint> docs, int band) {
    Map<Long, List<Integer>> buckets = new HashMap<>();
    for (int i = 0; i < docs.size(); i++) {
      long[] sig = docs.get(i).signature();
      // A hash of the band's rows: a collision only adds a candidate, which is then verified.
      long key = band;
      for (int r = 0; r < ROWS; r++) {
        key = key * 0x9E3779B97F4A7C15L + sig[band * ROWS + r];
      }
      buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> out = new ArrayList<>();
    for (List<Integer> b : buckets.values()) {
      if (b.size() > 1) {
        out.add(b);
      }
    }
    return out;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
