package io.modelfailures.pipeline;

import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Failure;
import io.modelfailures.records.StatsCorrelation;
import io.modelfailures.records.StatsTrainingValue;
import io.modelfailures.stats.Quantiles;
import io.modelfailures.stats.RankCorrelation;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.beam.sdk.values.KV;

/**
 * Keys and rows of {@code stats_training_value} and {@code stats_correlation}, over primary
 * documents that were not quarantined.
 */
final class TrainingStats {

  /** Tally positions for a training_quality bucket. */
  static final int FAILURES = 5;

  static final int DOCUMENTS = 6;
  static final int VALUE_HUNDREDTHS = 7;
  static final int DECLARED = 8;
  static final int AGREEING = 9;
  static final int WIDTH = 10;

  /** The tolerance of the training-score-mismatch rule, so agreement means "no finding". */
  static final double AGREEMENT_TOLERANCE = 0.01;

  private TrainingStats() {}

  static boolean counted(DocumentResult r) {
    return r.getPrimary() && !Records.QUARANTINED.equals(r.getDocument().getStatus());
  }

  static String bucket(Double quality) {
    return quality == null ? "unknown" : String.valueOf(Math.round(quality));
  }

  /**
   * Counts: critical, high, medium, low, unrated, failures, documents, training_value in hundredths
   * (exact, so the mean does not depend on summation order), declared scores, agreeing ones.
   * Labels: failures per document → documents, a histogram for the quantiles.
   */
  static class QualityKeysFn implements AggregateStats.Keyer {
    @Override
    public void keyTallies(DocumentResult r, BiConsumer<String, Tallies.Tally> out) {
      if (!counted(r)) {
        return;
      }
      Document d = r.getDocument();
      Tallies.Tally t = Tallies.Tally.of(WIDTH, DOCUMENTS);
      for (Failure f : r.getFailures()) {
        t.counts[FailureStats.severityIndex(f.getSeverity())]++;
        t.counts[FAILURES]++;
      }
      t.counts[VALUE_HUNDREDTHS] = Math.round(d.getTrainingValue() * 100);
      Double q = d.getMetadataTrainingQuality();
      Double declared = d.getDeclaredTrainingScore();
      if (q != null && declared != null) {
        t.counts[DECLARED] = 1;
        t.counts[AGREEING] = Math.abs(q - declared) <= AGREEMENT_TOLERANCE ? 1 : 0;
      }
      t.label(String.valueOf(r.getFailures().size()), 1);
      out.accept(bucket(q), t);
      out.accept(FailureStats.ALL, new Tallies.Tally(t.counts.length).add(t));
    }
  }

  static class StatsTrainingValueFn implements AggregateStats.Rows<StatsTrainingValue> {
    @Override
    public void rows(KV<String, Tallies.Tally> e, Consumer<StatsTrainingValue> out) {
      long[] c = e.getValue().counts;
      long docs = c[DOCUMENTS];
      TreeMap<Long, Long> histogram = new TreeMap<>();
      e.getValue().labels.forEach((k, v) -> histogram.put(Long.parseLong(k), v));
      out.accept(
          StatsTrainingValue.newBuilder()
              .setTrainingQuality(e.getKey())
              .setDocuments(docs)
              .setFailures(c[FAILURES])
              .setMeanFailures(docs == 0 ? 0.0 : (double) c[FAILURES] / docs)
              .setMinFailures(histogram.isEmpty() ? 0 : histogram.firstKey())
              .setP25Failures(Quantiles.of(histogram, 0.25))
              .setMedianFailures(Quantiles.of(histogram, 0.5))
              .setP75Failures(Quantiles.of(histogram, 0.75))
              .setP90Failures(Quantiles.of(histogram, 0.9))
              .setMaxFailures(histogram.isEmpty() ? 0 : histogram.lastKey())
              .setCritical(c[0])
              .setHigh(c[1])
              .setMedium(c[2])
              .setLow(c[3])
              .setUnrated(c[4])
              .setMeanTrainingValue(docs == 0 ? 0.0 : c[VALUE_HUNDREDTHS] / 100.0 / docs)
              .setDeclaredScoreDocuments(c[DECLARED])
              .setDeclaredScoreAgreeing(c[AGREEING])
              .setDeclaredScoreAgreement(
                  c[DECLARED] == 0 ? null : (double) c[AGREEING] / c[DECLARED])
              .build());
    }
  }

  /** Counts: documents. Labels: "training_quality \t training_value" → documents. */
  static class CorrelationKeysFn implements AggregateStats.Keyer {
    @Override
    public void keyTallies(DocumentResult r, BiConsumer<String, Tallies.Tally> out) {
      Document d = r.getDocument();
      if (!counted(r) || d.getMetadataTrainingQuality() == null) {
        return;
      }
      Tallies.Tally t = Tallies.Tally.of(1, 0);
      t.label(d.getMetadataTrainingQuality() + "\t" + d.getTrainingValue(), 1);
      out.accept(FailureStats.orUnknown(d.getPlatform()), t);
      out.accept(FailureStats.ALL, new Tallies.Tally(t.counts.length).add(t));
    }
  }

  static class StatsCorrelationFn implements AggregateStats.Rows<StatsCorrelation> {
    @Override
    public void rows(KV<String, Tallies.Tally> e, Consumer<StatsCorrelation> out) {
      TreeMap<RankCorrelation.Pair, Long> pairs = new TreeMap<>();
      for (Map.Entry<String, Long> p : e.getValue().labels.entrySet()) {
        String[] xy = p.getKey().split("\t");
        pairs.merge(
            new RankCorrelation.Pair(Double.parseDouble(xy[1]), Double.parseDouble(xy[0])),
            p.getValue(),
            Long::sum);
      }
      out.accept(
          StatsCorrelation.newBuilder()
              .setPlatform(e.getKey())
              .setDocuments(e.getValue().counts[0])
              .setSpearman(RankCorrelation.spearman(pairs))
              .build());
    }
  }
}
