package io.modelfailures.pipeline;

import java.io.Serializable;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/**
 * The sums behind the statistics tables: fixed counters, labelled counters, an example.
 *
 * <p>Consumes {@link Tally} inputs (fixed counts, labelled counts, an example); emits their sum,
 * and encodes maps of sums by key for the grouping in {@link AggregateStats}. Producers emit at
 * most one tally per document and key, so "documents" is a count like any other and no set of ids
 * has to be carried through the shuffle. Addition is commutative and associative, so the result
 * does not depend on bundling or parallelism.
 */
final class Tallies {

  private Tallies() {}

  /**
   * Counts by position, counts by open-ended label (categories, platforms, a histogram), and the
   * smallest example offered. Every part merges commutatively.
   */
  static final class Tally implements Serializable {
    private static final long serialVersionUID = 2L;
    final long[] counts;
    final TreeMap<String, Long> labels = new TreeMap<>();
    String example;

    Tally(int width) {
      counts = new long[width];
    }

    /** A tally with one count at each of {@code positions}. */
    static Tally of(int width, int... positions) {
      Tally t = new Tally(width);
      for (int p : positions) {
        t.counts[p]++;
      }
      return t;
    }

    Tally label(String label, long n) {
      labels.merge(label, n, Long::sum);
      return this;
    }

    Tally offerExample(String candidate) {
      if (candidate != null && (example == null || candidate.compareTo(example) < 0)) {
        example = candidate;
      }
      return this;
    }

    // Value equality lets the Direct runner's mutation detector compare tallies by content.
    @Override
    public boolean equals(Object o) {
      return o instanceof Tally t
          && java.util.Arrays.equals(counts, t.counts)
          && labels.equals(t.labels)
          && java.util.Objects.equals(example, t.example);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(java.util.Arrays.hashCode(counts), labels, example);
    }

    Tally add(Tally o) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += o.counts[i];
      }
      o.labels.forEach((k, v) -> labels.merge(k, v, Long::sum));
      return offerExample(o.example);
    }
  }

  /**
   * A compact, deterministic coder for tallies. Java serialization was the run's hot spot: the
   * Direct runner copies grouped values on every bundle.
   */
  static final class TallyCoder extends org.apache.beam.sdk.coders.CustomCoder<Tally> {
    private static final org.apache.beam.sdk.coders.VarLongCoder LONG =
        org.apache.beam.sdk.coders.VarLongCoder.of();
    private static final org.apache.beam.sdk.coders.StringUtf8Coder STRING =
        org.apache.beam.sdk.coders.StringUtf8Coder.of();

    private static final TallyCoder INSTANCE = new TallyCoder();

    static TallyCoder of() {
      return INSTANCE;
    }

    // Flink's batch translation unions inputs only when their coders are equal, so equality must
    // not be identity (a Flatten of two keyed-tally collections fails otherwise).
    @Override
    public boolean equals(Object o) {
      return o instanceof TallyCoder;
    }

    @Override
    public int hashCode() {
      return TallyCoder.class.hashCode();
    }

    @Override
    public void encode(Tally t, java.io.OutputStream out) throws java.io.IOException {
      LONG.encode((long) t.counts.length, out);
      for (long c : t.counts) {
        LONG.encode(c, out);
      }
      LONG.encode((long) t.labels.size(), out);
      for (java.util.Map.Entry<String, Long> e : t.labels.entrySet()) {
        STRING.encode(e.getKey(), out);
        LONG.encode(e.getValue(), out);
      }
      LONG.encode(t.example == null ? 0L : 1L, out);
      if (t.example != null) {
        STRING.encode(t.example, out);
      }
    }

    @Override
    public Tally decode(java.io.InputStream in) throws java.io.IOException {
      Tally t = new Tally(LONG.decode(in).intValue());
      for (int i = 0; i < t.counts.length; i++) {
        t.counts[i] = LONG.decode(in);
      }
      long labels = LONG.decode(in);
      for (long i = 0; i < labels; i++) {
        t.labels.put(STRING.decode(in), LONG.decode(in));
      }
      if (LONG.decode(in) == 1L) {
        t.example = STRING.decode(in);
      }
      return t;
    }

    @Override
    public void verifyDeterministic() {}
  }

  private static final MapCoder<String, Tally> SUMS =
      MapCoder.of(StringUtf8Coder.of(), TallyCoder.of());

  /**
   * Encodes sums by key; a sorted map encodes the same sums to the same bytes. In memory, so the
   * only failure is a bug: it is unchecked.
   */
  static byte[] encodeSums(java.util.SortedMap<String, Tally> sums) {
    try {
      return org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(SUMS, sums);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Decodes what {@link #encodeSums} wrote. */
  static java.util.Map<String, Tally> decodeSums(byte[] bytes) {
    try {
      return org.apache.beam.sdk.util.CoderUtils.decodeFromByteArray(SUMS, bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
