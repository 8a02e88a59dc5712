package io.modelfailures.stats;

import java.util.Map;
import java.util.SortedMap;

/**
 * Exact quantiles of a distribution given as a histogram (value → how many times it occurs).
 *
 * <p>Uses linear interpolation between closest ranks (the default of NumPy, R type 7 and DuckDB's
 * {@code quantile_cont}), so figures can be checked with any of them.
 */
public final class Quantiles {

  private Quantiles() {}

  /**
   * The {@code q} quantile ({@code 0 ≤ q ≤ 1}) of the histogram; 0 when it is empty.
   *
   * @param histogram counts per value, in ascending value order
   */
  public static double of(SortedMap<Long, Long> histogram, double q) {
    long n = 0;
    for (long c : histogram.values()) {
      n += c;
    }
    if (n == 0) {
      return 0.0;
    }
    double rank = q * (n - 1);
    long lo = (long) Math.floor(rank);
    double frac = rank - lo;
    double low = valueAt(histogram, lo);
    double high = frac == 0.0 ? low : valueAt(histogram, lo + 1);
    // Rounded to 1e-9 so that 18.8 does not print as 18.800000000000011.
    return Math.round((low + frac * (high - low)) * 1e9) / 1e9;
  }

  /** The value at 0-based position {@code index} of the sorted data. */
  private static long valueAt(SortedMap<Long, Long> histogram, long index) {
    long seen = 0;
    long last = 0;
    for (Map.Entry<Long, Long> e : histogram.entrySet()) {
      seen += e.getValue();
      last = e.getKey();
      if (index < seen) {
        return last;
      }
    }
    return last;
  }
}
