package io.modelfailures.stats;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Spearman's rank correlation, computed from a table of value pairs and their counts.
 *
 * <p>Consumes pairs {@code (x, y)} with multiplicities; emits Pearson's correlation of their ranks,
 * with tied values given their average rank. Working from counts keeps the state bounded when many
 * documents share values, and makes the result independent of input order.
 */
public final class RankCorrelation {

  private RankCorrelation() {}

  /** A pair of observations. Ordered by x then y so that tables iterate deterministically. */
  public record Pair(double x, double y) implements Comparable<Pair> {
    @Override
    public int compareTo(Pair o) {
      int c = Double.compare(x, o.x);
      return c != 0 ? c : Double.compare(y, o.y);
    }
  }

  /**
   * Spearman's rho over the pairs, or null when there are fewer than 3 observations or either side
   * is constant (the correlation is then undefined).
   */
  public static Double spearman(SortedMap<Pair, Long> pairs) {
    long n = 0;
    SortedMap<Double, Long> xs = new TreeMap<>();
    SortedMap<Double, Long> ys = new TreeMap<>();
    for (Map.Entry<Pair, Long> e : pairs.entrySet()) {
      n += e.getValue();
      xs.merge(e.getKey().x(), e.getValue(), Long::sum);
      ys.merge(e.getKey().y(), e.getValue(), Long::sum);
    }
    if (n < 3 || xs.size() < 2 || ys.size() < 2) {
      return null;
    }
    Map<Double, Double> rx = averageRanks(xs);
    Map<Double, Double> ry = averageRanks(ys);
    double mean = (n + 1) / 2.0;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (Map.Entry<Pair, Long> e : pairs.entrySet()) {
      double dx = rx.get(e.getKey().x()) - mean;
      double dy = ry.get(e.getKey().y()) - mean;
      sxy += e.getValue() * dx * dy;
      sxx += e.getValue() * dx * dx;
      syy += e.getValue() * dy * dy;
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  /** Value → average of the 1-based ranks its occurrences take. */
  private static Map<Double, Double> averageRanks(SortedMap<Double, Long> counts) {
    Map<Double, Double> ranks = new TreeMap<>();
    long before = 0;
    for (Map.Entry<Double, Long> e : counts.entrySet()) {
      ranks.put(e.getKey(), before + (e.getValue() + 1) / 2.0);
      before += e.getValue();
    }
    return ranks;
  }
}
