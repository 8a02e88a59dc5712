package io.modelfailures.dedup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Word shingles and their MinHash signature, with fixed seeds so that every run and every worker
 * computes the same values.
 *
 * <p>Consumes a document's text; emits its sorted set of 64-bit shingle hashes ({@link #shingles})
 * and a signature of {@link #HASHES} minima ({@link #signature}). Words are maximal runs of letters
 * and digits, lower-cased; a shingle is {@link #SHINGLE_WORDS} consecutive words (a text with fewer
 * words is one shingle). The share of equal signature positions estimates the Jaccard similarity of
 * two shingle sets; {@link #jaccard} computes it exactly.
 */
public final class MinHash {

  /** Words per shingle. */
  public static final int SHINGLE_WORDS = 3;

  /** Hash functions, i.e. signature length. */
  public static final int HASHES = 128;

  /**
   * The version of words, shingles, hashes and seeds: signatures of another version are not
   * comparable and are never reused. Change it with any of them.
   */
  public static final String VERSION = "1";

  private static final long[] SEEDS = new long[HASHES];

  static {
    long s = 0x6d6f64656c666169L; // "modelfai": any fixed value; changing it changes every group
    for (int i = 0; i < HASHES; i++) {
      s = mix(s + 0x9E3779B97F4A7C15L);
      SEEDS[i] = s;
    }
  }

  private MinHash() {}

  /** SplitMix64's finaliser: a fast, well-mixed bijection on 64-bit values. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The lower-cased runs of letters and numbers (Unicode categories L and N), in order: what
   * splitting on {@code [^\\p{L}\\p{N}]+} gives, without the regular expression (a quarter of
   * fingerprinting's time).
   */
  static List<String> words(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    int n = lower.length();
    int start = -1;
    for (int i = 0; i < n; ) {
      int cp = lower.codePointAt(i);
      if (isWordChar(cp)) {
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        out.add(lower.substring(start, i));
        start = -1;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      out.add(lower.substring(start));
    }
    return out;
  }

  private static boolean isWordChar(int cp) {
    if (Character.isLetter(cp)) {
      return true;
    }
    int t = Character.getType(cp);
    return t == Character.DECIMAL_DIGIT_NUMBER
        || t == Character.LETTER_NUMBER
        || t == Character.OTHER_NUMBER;
  }

  /** FNV-1a, 64 bits, over UTF-8: a stable string hash (String.hashCode has only 32 bits). */
  static long hash(String s) {
    long h = FNV_OFFSET;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = fnv(h, b);
    }
    return mix(h);
  }

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;

  private static long fnv(long h, byte b) {
    return (h ^ (b & 0xff)) * 0x100000001b3L;
  }

  /**
   * The sorted, distinct hashes of the text's word shingles; empty when it has no words. A
   * shingle's hash is {@link #hash} of its words joined by single spaces; FNV-1a runs byte by byte,
   * so it is computed by continuing over each word's UTF-8 bytes instead of building the joined
   * string.
   */
  public static long[] shingles(String text) {
    List<String> w = words(text);
    if (w.isEmpty()) {
      return new long[0];
    }
    byte[][] utf8 = new byte[w.size()][];
    for (int i = 0; i < utf8.length; i++) {
      utf8[i] = w.get(i).getBytes(StandardCharsets.UTF_8);
    }
    int n = Math.max(1, w.size() - SHINGLE_WORDS + 1);
    long[] h = new long[n];
    for (int i = 0; i < n; i++) {
      long f = FNV_OFFSET;
      int end = Math.min(w.size(), i + SHINGLE_WORDS);
      for (int k = i; k < end; k++) {
        if (k > i) {
          f = fnv(f, (byte) ' ');
        }
        for (byte b : utf8[k]) {
          f = fnv(f, b);
        }
      }
      h[i] = mix(f);
    }
    Arrays.sort(h);
    int distinct = 0;
    for (int i = 0; i < h.length; i++) {
      if (i == 0 || h[i] != h[i - 1]) {
        h[distinct++] = h[i];
      }
    }
    return Arrays.copyOf(h, distinct);
  }

  /** The minimum of each seeded hash function over the shingles; null for an empty set. */
  public static long[] signature(long[] shingles) {
    if (shingles.length == 0) {
      return null;
    }
    long[] sig = new long[HASHES];
    Arrays.fill(sig, Long.MAX_VALUE);
    for (long x : shingles) {
      for (int i = 0; i < HASHES; i++) {
        long v = mix(x ^ SEEDS[i]);
        if (v < sig[i]) {
          sig[i] = v;
        }
      }
    }
    return sig;
  }

  /** Share of equal positions: the MinHash estimate of the Jaccard similarity. */
  public static double estimate(long[] a, long[] b) {
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      same += a[i] == b[i] ? 1 : 0;
    }
    return (double) same / a.length;
  }

  /** Exact Jaccard similarity of two sorted, distinct arrays. */
  public static double jaccard(long[] a, long[] b) {
    if (a.length == 0 && b.length == 0) {
      return 1.0;
    }
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return (double) common / (a.length + b.length - common);
  }
}
