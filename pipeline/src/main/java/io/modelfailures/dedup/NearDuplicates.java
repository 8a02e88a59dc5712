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
import java.util.TreeSet;

/**
 * Groups documents that are near-duplicates: across paths, and across versions of one document.
 *
 * <p>Consumes one {@link Fingerprint} per document; emits, for each document in a group of two or
 * more, its {@link Membership}. Candidates come from LSH banding of the MinHash signatures ({@link
 * #BANDS} bands of {@link #ROWS} rows: a pair whose similarity is 0.5 shares a band with
 * probability 0.87, at 0.8 with probability 1 - 5·10^-8); each candidate pair is then verified with
 * the exact Jaccard similarity of the shingle sets, and kept when it is at least the threshold.
 * Groups are the connected components of verified pairs, so the result does not depend on input
 * order. A group's id is {@code nd-} and the first 16 hex characters of the sha256 of its smallest
 * path; its representative is its largest document, ties broken by the smallest path.
 */
public final class NearDuplicates {

  public static final int BANDS = 32;
  public static final int ROWS = MinHash.HASHES / BANDS;

  private NearDuplicates() {}

  /** One document's identity, size and shingles. */
  public record Fingerprint(String path, long sizeBytes, long[] shingles, long[] signature)
      implements Serializable {
    public static Fingerprint of(String path, long sizeBytes, String text) {
      long[] sh = MinHash.shingles(text);
      return new Fingerprint(path, sizeBytes, sh, MinHash.signature(sh));
    }

    // Value equality, so that Beam's mutation checks can compare decoded copies.
    @Override
    public boolean equals(Object o) {
      return o instanceof Fingerprint f
          && path.equals(f.path)
          && sizeBytes == f.sizeBytes
          && Arrays.equals(shingles, f.shingles)
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
    for (long pair : candidates(sorted)) {
      int a = (int) (pair >>> 32);
      int b = (int) pair;
      if (find(parent, a) != find(parent, b)
          && MinHash.jaccard(sorted.get(a).shingles(), sorted.get(b).shingles()) >= threshold) {
        parent[Math.max(find(parent, a), find(parent, b))] =
            Math.min(find(parent, a), find(parent, b));
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

  /** Index pairs (a < b, packed as a << 32 | b) that share at least one band, in order. */
  static TreeSet<Long> candidates(List<Fingerprint> docs) {
    TreeSet<Long> pairs = new TreeSet<>();
    for (int band = 0; band < BANDS; band++) {
      Map<List<Long>, List<Integer>> buckets = new HashMap<>();
      for (int i = 0; i < docs.size(); i++) {
        long[] sig = docs.get(i).signature();
        List<Long> key = new ArrayList<>(ROWS);
        for (int r = 0; r < ROWS; r++) {
          key.add(sig[band * ROWS + r]);
        }
        buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
      for (List<Integer> bucket : buckets.values()) {
        for (int x = 0; x < bucket.size(); x++) {
          for (int y = x + 1; y < bucket.size(); y++) {
            pairs.add(((long) bucket.get(x) << 32) | bucket.get(y));
          }
        }
      }
    }
    return pairs;
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
