package io.modelfailures.pipeline;

import io.modelfailures.records.CategoryCount;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Failure;
import io.modelfailures.records.StatsServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.beam.sdk.values.KV;

/** Keys and rows of {@code stats_services}: per canonical service, from primary documents. */
final class ServiceStats {

  static final int TOP_CATEGORIES = 3;

  private ServiceStats() {}

  /** Counts: critical, high, medium, low, unrated, with_fix, documents. Labels: categories. */
  static class ServiceKeysFn implements AggregateStats.Keyer {
    @Override
    public void keyTallies(DocumentResult r, BiConsumer<String, Tallies.Tally> out) {
      if (!r.getPrimary()) {
        return;
      }
      Map<String, Tallies.Tally> byService = new TreeMap<>();
      for (Failure f : r.getFailures()) {
        for (String s : f.getServices()) {
          Tallies.Tally t = byService.computeIfAbsent(s, k -> Tallies.Tally.of(7, 6));
          t.counts[FailureStats.severityIndex(f.getSeverity())]++;
          t.counts[5] += f.getHasFix() ? 1 : 0;
          t.label(FailureStats.orUnknown(f.getCategory()), 1);
        }
      }
      byService.forEach(out);
    }
  }

  static class StatsServicesFn implements AggregateStats.Rows<StatsServices> {
    @Override
    public void rows(KV<String, Tallies.Tally> e, Consumer<StatsServices> out) {
      long[] c = e.getValue().counts;
      long failures = c[0] + c[1] + c[2] + c[3] + c[4];
      out.accept(
          StatsServices.newBuilder()
              .setService(e.getKey())
              .setFailures(failures)
              .setDocuments(c[6])
              .setCritical(c[0])
              .setHigh(c[1])
              .setMedium(c[2])
              .setLow(c[3])
              .setUnrated(c[4])
              .setWithFix(c[5])
              .setFixShare(failures == 0 ? 0.0 : (double) c[5] / failures)
              .setTopCategories(top(e.getValue().labels, TOP_CATEGORIES))
              .build());
    }
  }

  /** The {@code n} labels with the highest counts, ties broken by name. */
  static List<CategoryCount> top(Map<String, Long> labels, int n) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(labels.entrySet());
    entries.sort(
        Map.Entry.<String, Long>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    List<CategoryCount> top = new ArrayList<>();
    for (Map.Entry<String, Long> e : entries.subList(0, Math.min(n, entries.size()))) {
      top.add(new CategoryCount(e.getKey(), e.getValue()));
    }
    return top;
  }
}
