package io.modelfailures.pipeline;

import java.io.Serializable;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Combine functions behind the statistics tables: fixed counters plus a count of documents.
 *
 * <p>Consumes {@link Tally} inputs (a vector of counts, and one document or none); emits their sum.
 * Every caller emits at most one tally per document and key, and only for distinct documents
 * (primary copies, or distinct paths), so the summed document count is the number of distinct
 * documents without carrying their ids: the accumulators stay the same size whatever the corpus
 * size. Addition is commutative and associative, so the result does not depend on bundling or
 * parallelism.
 */
final class Tallies {

  private Tallies() {}

  /** Counts by position, and the number of documents summed. */
  static final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[] counts;
    long documents;

    Tally(int width) {
      counts = new long[width];
    }

    /** One document's tally, with zero counts. */
    static Tally ofDocument(int width) {
      Tally t = new Tally(width);
      t.documents = 1;
      return t;
    }

    // Value equality lets the Direct runner's mutation detector compare tallies by content.
    @Override
    public boolean equals(Object o) {
      return o instanceof Tally t
          && java.util.Arrays.equals(counts, t.counts)
          && documents == t.documents;
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(counts) * 31 + Long.hashCode(documents);
    }

    Tally add(Tally o) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += o.counts[i];
      }
      documents += o.documents;
      return this;
    }
  }

  /**
   * A compact, deterministic coder for tallies. Java serialization was the run's hot spot: the
   * Direct runner copies grouped values on every bundle.
   */
  static final class TallyCoder extends org.apache.beam.sdk.coders.CustomCoder<Tally> {
    private static final org.apache.beam.sdk.coders.VarLongCoder LONG =
        org.apache.beam.sdk.coders.VarLongCoder.of();

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
      LONG.encode(t.documents, out);
    }

    @Override
    public Tally decode(java.io.InputStream in) throws java.io.IOException {
      Tally t = new Tally(LONG.decode(in).intValue());
      for (int i = 0; i < t.counts.length; i++) {
        t.counts[i] = LONG.decode(in);
      }
      t.documents = LONG.decode(in);
      return t;
    }

    @Override
    public void verifyDeterministic() {}
  }

  /**
   * Sums keyed tallies of a fixed width into one map of sums by key; for key sets that stay small
   * (cells, services, rules), where one accumulator for all keys is cheaper than a group per key.
   */
  static final class KeyedSumFn
      extends Combine.CombineFn<
          org.apache.beam.sdk.values.KV<String, Tally>,
          java.util.Map<String, Tally>,
          java.util.Map<String, Tally>> {
    private final int width;

    KeyedSumFn(int width) {
      this.width = width;
    }

    @Override
    public java.util.Map<String, Tally> createAccumulator() {
      return new java.util.HashMap<>();
    }

    @Override
    public java.util.Map<String, Tally> addInput(
        java.util.Map<String, Tally> acc, org.apache.beam.sdk.values.KV<String, Tally> in) {
      // Never keep the input itself: the runner may reuse or check it.
      acc.computeIfAbsent(in.getKey(), k -> new Tally(width)).add(in.getValue());
      return acc;
    }

    @Override
    public java.util.Map<String, Tally> mergeAccumulators(
        Iterable<java.util.Map<String, Tally>> accs) {
      java.util.Map<String, Tally> out = new java.util.HashMap<>();
      for (java.util.Map<String, Tally> a : accs) {
        a.forEach((k, t) -> out.computeIfAbsent(k, x -> new Tally(width)).add(t));
      }
      return out;
    }

    @Override
    public java.util.Map<String, Tally> extractOutput(java.util.Map<String, Tally> acc) {
      return acc;
    }

    @Override
    public Coder<java.util.Map<String, Tally>> getAccumulatorCoder(
        CoderRegistry registry, Coder<org.apache.beam.sdk.values.KV<String, Tally>> inputCoder) {
      return org.apache.beam.sdk.coders.MapCoder.of(
          org.apache.beam.sdk.coders.StringUtf8Coder.of(), TallyCoder.of());
    }

    @Override
    public Coder<java.util.Map<String, Tally>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<org.apache.beam.sdk.values.KV<String, Tally>> inputCoder) {
      return org.apache.beam.sdk.coders.MapCoder.of(
          org.apache.beam.sdk.coders.StringUtf8Coder.of(), TallyCoder.of());
    }
  }
}
