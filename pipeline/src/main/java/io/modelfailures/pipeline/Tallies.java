package io.modelfailures.pipeline;

import java.io.Serializable;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Combine functions behind the statistics tables: fixed counters plus a set of distinct ids.
 *
 * <p>Consumes {@link Tally} inputs (a vector of counts and at most one id); emits their sum, with
 * the distinct ids counted. Addition is commutative and associative, so the result does not depend
 * on bundling or parallelism.
 */
final class Tallies {

  private Tallies() {}

  /** Counts by position, and the distinct ids (documents, paths) seen. */
  static final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[] counts;
    final TreeSet<String> ids = new TreeSet<>();

    Tally(int width) {
      counts = new long[width];
    }

    static Tally of(int width, String id, int... positions) {
      Tally t = new Tally(width);
      if (id != null) {
        t.ids.add(id);
      }
      for (int p : positions) {
        t.counts[p]++;
      }
      return t;
    }

    // Value equality lets the Direct runner's mutation detector compare tallies by content.
    @Override
    public boolean equals(Object o) {
      return o instanceof Tally t && java.util.Arrays.equals(counts, t.counts) && ids.equals(t.ids);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(counts) * 31 + ids.hashCode();
    }

    Tally add(Tally o) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += o.counts[i];
      }
      ids.addAll(o.ids);
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
    private static final org.apache.beam.sdk.coders.StringUtf8Coder STRING =
        org.apache.beam.sdk.coders.StringUtf8Coder.of();

    static TallyCoder of() {
      return new TallyCoder();
    }

    @Override
    public void encode(Tally t, java.io.OutputStream out) throws java.io.IOException {
      LONG.encode((long) t.counts.length, out);
      for (long c : t.counts) {
        LONG.encode(c, out);
      }
      LONG.encode((long) t.ids.size(), out);
      for (String id : t.ids) {
        STRING.encode(id, out);
      }
    }

    @Override
    public Tally decode(java.io.InputStream in) throws java.io.IOException {
      Tally t = new Tally(LONG.decode(in).intValue());
      for (int i = 0; i < t.counts.length; i++) {
        t.counts[i] = LONG.decode(in);
      }
      long ids = LONG.decode(in);
      for (long i = 0; i < ids; i++) {
        t.ids.add(STRING.decode(in));
      }
      return t;
    }

    @Override
    public void verifyDeterministic() {}
  }

  /** Sums tallies of a fixed width. */
  static final class SumFn extends Combine.CombineFn<Tally, Tally, Tally> {
    private final int width;

    SumFn(int width) {
      this.width = width;
    }

    @Override
    public Tally createAccumulator() {
      return new Tally(width);
    }

    @Override
    public Tally addInput(Tally acc, Tally in) {
      return acc.add(in);
    }

    @Override
    public Tally mergeAccumulators(Iterable<Tally> accs) {
      Tally out = new Tally(width);
      for (Tally a : accs) {
        out.add(a);
      }
      return out;
    }

    @Override
    public Tally extractOutput(Tally acc) {
      return acc;
    }

    @Override
    public Coder<Tally> getAccumulatorCoder(CoderRegistry registry, Coder<Tally> inputCoder) {
      return TallyCoder.of();
    }

    @Override
    public Coder<Tally> getDefaultOutputCoder(CoderRegistry registry, Coder<Tally> inputCoder) {
      return TallyCoder.of();
    }
  }
}
