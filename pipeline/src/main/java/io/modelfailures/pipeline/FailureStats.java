package io.modelfailures.pipeline;

import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Failure;
import io.modelfailures.records.StatsDocuments;
import io.modelfailures.records.StatsFailures;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.beam.sdk.values.KV;

/**
 * Keys and rows of {@code stats_failures} and {@code stats_documents}: counts over a cube of
 * dimensions, where {@code '*'} in a dimension is the total over it.
 */
final class FailureStats {

  static final String ALL = "*";

  private FailureStats() {}

  static final String[] SEVERITIES = {"critical", "high", "medium", "low"};

  /** 0–3 for critical…low; 4 for unrated or unknown. */
  static int severityIndex(String severity) {
    for (int i = 0; i < SEVERITIES.length; i++) {
      if (SEVERITIES[i].equals(severity)) {
        return i;
      }
    }
    return 4;
  }

  static String orUnknown(String s) {
    return s == null || s.isEmpty() ? "unknown" : s;
  }

  /** Every combination of each dimension and its total, as tab-joined keys. */
  static void cube(String[] dims, java.util.function.Consumer<String> out) {
    for (int mask = 0; mask < (1 << dims.length); mask++) {
      StringBuilder key = new StringBuilder();
      for (int d = 0; d < dims.length; d++) {
        key.append(d == 0 ? "" : "\t").append((mask & (1 << d)) != 0 ? ALL : dims[d]);
      }
      out.accept(key.toString());
    }
  }

  /**
   * Failures by platform × language × severity × category. Counts: failures, documents. Cells are
   * summed per document first, so each document adds one tally per cell and "documents" is a sum.
   */
  static class FailureCellsFn implements AggregateStats.Keyer {
    @Override
    public void keyTallies(DocumentResult r, BiConsumer<String, Tallies.Tally> out) {
      if (!r.getPrimary()) {
        return;
      }
      Map<String, Tallies.Tally> cells = new TreeMap<>();
      for (Failure f : r.getFailures()) {
        String[] dims = {
          orUnknown(f.getPlatform()),
          orUnknown(f.getLanguage()),
          orUnknown(f.getSeverity()),
          orUnknown(f.getCategory())
        };
        cube(dims, k -> cells.computeIfAbsent(k, x -> Tallies.Tally.of(2, 1)).counts[0]++);
      }
      cells.forEach(out);
    }
  }

  static class StatsFailuresFn implements AggregateStats.Rows<StatsFailures> {
    @Override
    public void rows(KV<String, Tallies.Tally> e, Consumer<StatsFailures> out) {
      String[] k = e.getKey().split("\t", -1);
      out.accept(
          StatsFailures.newBuilder()
              .setPlatform(k[0])
              .setLanguage(k[1])
              .setSeverity(k[2])
              .setCategory(k[3])
              .setFailures(e.getValue().counts[0])
              .setDocuments(e.getValue().counts[1])
              .build());
    }
  }

  /**
   * Every input by platform × language × status. Counts: documents, failures, error findings,
   * warning findings.
   */
  static class DocumentCellsFn implements AggregateStats.Keyer {
    @Override
    public void keyTallies(DocumentResult r, BiConsumer<String, Tallies.Tally> out) {
      Document d = r.getDocument();
      String[] dims = {orUnknown(d.getPlatform()), orUnknown(d.getLanguage()), d.getStatus()};
      cube(
          dims,
          k -> {
            Tallies.Tally t = Tallies.Tally.of(4, 0);
            t.counts[1] = r.getFailures().size();
            t.counts[2] = d.getErrorFindings();
            t.counts[3] = d.getWarningFindings();
            out.accept(k, t);
          });
    }
  }

  static class StatsDocumentsFn implements AggregateStats.Rows<StatsDocuments> {
    @Override
    public void rows(KV<String, Tallies.Tally> e, Consumer<StatsDocuments> out) {
      String[] k = e.getKey().split("\t", -1);
      long[] c = e.getValue().counts;
      out.accept(
          StatsDocuments.newBuilder()
              .setPlatform(k[0])
              .setLanguage(k[1])
              .setStatus(k[2])
              .setDocuments(c[0])
              .setFailures(c[1])
              .setErrorFindings(c[2])
              .setWarningFindings(c[3])
              .build());
    }
  }
}
