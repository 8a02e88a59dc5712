package io.modelfailures.pipeline;

import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Failure;
import io.modelfailures.records.FailurePattern;
import io.modelfailures.stats.PatternKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.beam.sdk.values.KV;

/**
 * Keys and rows of {@code failure_patterns}: failures of primary documents grouped by {@link
 * PatternKey#key}; patterns seen at least twice become rows.
 */
final class PatternStats {

  static final int MIN_FAILURES = 2;
  private static final int FAILURES = 5;
  private static final int DOCUMENTS = 6;
  private static final String PLATFORM = "platform\t";

  private PatternStats() {}

  /**
   * Counts: critical, high, medium, low, unrated, failures, documents. Labels: platforms. Example:
   * "failure_id \t title", the smallest id winning.
   */
  static class PatternKeysFn implements AggregateStats.Keyer {
    @Override
    public void keyTallies(DocumentResult r, BiConsumer<String, Tallies.Tally> out) {
      if (!r.getPrimary()) {
        return;
      }
      Map<String, Tallies.Tally> byPattern = new TreeMap<>();
      for (Failure f : r.getFailures()) {
        String key = PatternKey.key(f.getTitle(), f.getServices());
        Tallies.Tally t = byPattern.computeIfAbsent(key, k -> Tallies.Tally.of(7, DOCUMENTS));
        t.counts[FailureStats.severityIndex(f.getSeverity())]++;
        t.counts[FAILURES]++;
        t.label(PLATFORM + FailureStats.orUnknown(f.getPlatform()), 1);
        t.offerExample(f.getFailureId() + "\t" + f.getTitle());
      }
      byPattern.forEach(out);
    }
  }

  static class FailurePatternsFn implements AggregateStats.Rows<FailurePattern> {
    @Override
    public void rows(KV<String, Tallies.Tally> e, Consumer<FailurePattern> out) {
      long[] c = e.getValue().counts;
      if (c[FAILURES] < MIN_FAILURES) {
        return;
      }
      String key = e.getKey();
      int bar = key.lastIndexOf('|');
      String services = key.substring(bar + 1);
      List<String> platforms = new ArrayList<>();
      for (String label : e.getValue().labels.keySet()) {
        platforms.add(label.substring(PLATFORM.length()));
      }
      String[] example = e.getValue().example.split("\t", 2);
      out.accept(
          FailurePattern.newBuilder()
              .setPatternId(PatternKey.id(key))
              .setPattern(key.substring(0, bar))
              .setServices(services.isEmpty() ? List.of() : Arrays.asList(services.split(",")))
              .setFailures(c[FAILURES])
              .setDocuments(c[DOCUMENTS])
              .setPlatforms(platforms)
              .setTypicalSeverity(typical(c))
              .setCritical(c[0])
              .setHigh(c[1])
              .setMedium(c[2])
              .setLow(c[3])
              .setUnrated(c[4])
              .setExampleFailureId(example[0])
              .setExampleTitle(example[1])
              .build());
    }
  }

  /** The most frequent stated severity, ties to the more severe; "unrated" when none is stated. */
  static String typical(long[] c) {
    int best = 4;
    for (int i = 3; i >= 0; i--) {
      if (c[i] > 0 && c[i] >= c[best == 4 ? i : best]) {
        best = i;
      }
    }
    return best == 4 ? "unrated" : FailureStats.SEVERITIES[best];
  }
}
