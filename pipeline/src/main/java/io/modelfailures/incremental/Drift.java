package io.modelfailures.incremental;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares statistics of the previous and the current run.
 *
 * <p>Consumes two maps of counts keyed {@code kind:key} (see {@link #tallyKeys}): {@code
 * total:documents}, {@code total:failures}, {@code severity:<severity or unrated>} (failures),
 * {@code service:<service>} (failures naming it), {@code rule:<rule>} (documents hit); emits one
 * {@link Row} per metric and key present in either run:
 *
 * <ul>
 *   <li>{@code total}: the document and failure counts;
 *   <li>{@code severity_share}: a severity's failures ÷ all failures;
 *   <li>{@code service_failures}: failures naming the service;
 *   <li>{@code rule_hit_rate}: documents hit by the rule ÷ all documents.
 * </ul>
 *
 * <p>A row is <em>breached</em> when the change is material and its relative size exceeds the
 * threshold: {@code |delta| / previous > threshold}, or previous is 0 and current is not. Material
 * means at least {@link #MIN_COUNT} on either side for counts, and {@code |delta|} at least {@link
 * #MIN_SHARE} for shares and rates, so that one failure more of a rare service is not a breach.
 */
public final class Drift {

  public static final long MIN_COUNT = 10;
  public static final double MIN_SHARE = 0.02;

  private Drift() {}

  public record Row(
      String metric,
      String key,
      Double previous,
      Double current,
      Double delta,
      Double relativeDelta,
      boolean breached) {}

  /** The tally keys one document contributes, given its failures' severities and services. */
  public static List<String> tallyKeys(
      List<String> severities, List<List<String>> servicesPerFailure, List<String> rulesHit) {
    List<String> keys = new ArrayList<>();
    keys.add("total:documents");
    for (String s : severities) {
      keys.add("total:failures");
      keys.add("severity:" + (s == null ? "unrated" : s));
    }
    for (List<String> services : servicesPerFailure) {
      for (String svc : new TreeSet<>(services)) {
        keys.add("service:" + svc);
      }
    }
    for (String r : new TreeSet<>(rulesHit)) {
      keys.add("rule:" + r);
    }
    return keys;
  }

  public static List<Row> compare(
      Map<String, Long> previous, Map<String, Long> current, double threshold) {
    TreeSet<String> keys = new TreeSet<>(previous.keySet());
    keys.addAll(current.keySet());
    List<Row> rows = new ArrayList<>();
    for (String k : keys) {
      int colon = k.indexOf(':');
      String kind = k.substring(0, colon);
      String key = k.substring(colon + 1);
      long p = previous.getOrDefault(k, 0L);
      long c = current.getOrDefault(k, 0L);
      switch (kind) {
        case "total" -> rows.add(row("total", key, p, c, threshold, true));
        case "service" -> rows.add(row("service_failures", key, p, c, threshold, true));
        case "severity" ->
            rows.add(
                row(
                    "severity_share",
                    key,
                    share(p, previous.getOrDefault("total:failures", 0L)),
                    share(c, current.getOrDefault("total:failures", 0L)),
                    threshold,
                    false));
        case "rule" ->
            rows.add(
                row(
                    "rule_hit_rate",
                    key,
                    share(p, previous.getOrDefault("total:documents", 0L)),
                    share(c, current.getOrDefault("total:documents", 0L)),
                    threshold,
                    false));
        default -> throw new IllegalArgumentException("unknown tally key " + k);
      }
    }
    return rows;
  }

  private static double share(long n, long of) {
    return of == 0 ? 0.0 : (double) n / of;
  }

  static Row row(String metric, String key, double p, double c, double threshold, boolean count) {
    double delta = c - p;
    Double relative = p == 0 ? null : delta / p;
    boolean material = count ? Math.max(p, c) >= MIN_COUNT : Math.abs(delta) >= MIN_SHARE - 1e-12;
    boolean large = relative == null ? c != 0 : Math.abs(relative) > threshold;
    return new Row(metric, key, p, c, delta, relative, material && large);
  }
}
