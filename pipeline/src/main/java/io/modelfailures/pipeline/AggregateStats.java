package io.modelfailures.pipeline;

import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Failure;
import io.modelfailures.records.Finding;
import io.modelfailures.records.RuleSummary;
import io.modelfailures.records.StatsFailures;
import io.modelfailures.records.StatsServices;
import io.modelfailures.records.StatsTrainingValue;
import io.modelfailures.validate.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Computes the statistics tables with Beam combines (nothing is collected on the driver).
 *
 * <p>Consumes the validated {@link DocumentResult}s and the findings table; emits {@code
 * stats_failures}, {@code stats_services}, {@code stats_training_value} and {@code rule_summary}.
 * Copies of a document found at several paths count once.
 */
public class AggregateStats extends PTransform<PCollection<DocumentResult>, AggregateStats.Output> {

  static final String ALL = "*";
  private static final String[] SEVERITIES = {"critical", "high", "medium", "low"};

  @Override
  public Output expand(PCollection<DocumentResult> results) {
    PCollection<StatsFailures> byCell =
        sum(results, "FailureCells", new FailureCellsFn(), 1)
            .apply("ToStatsFailures", ParDo.of(new StatsFailuresFn()));
    PCollection<StatsServices> byService =
        sum(results, "Services", new ServiceKeysFn(), 6)
            .apply("ToStatsServices", ParDo.of(new StatsServicesFn()));
    PCollection<StatsTrainingValue> byQuality =
        sum(results, "TrainingQuality", new QualityKeysFn(), 6)
            .apply("ToStatsTrainingValue", ParDo.of(new StatsQualityFn()));
    PCollectionView<Long> documentCount =
        results
            .apply("CountDocuments", Count.globally())
            .apply("ViewDocumentCount", View.asSingleton());
    List<KV<String, Tallies.Tally>> seeds = new ArrayList<>();
    for (Rule r : Rule.values()) {
      seeds.add(KV.of(r.id(), new Tallies.Tally(1)));
    }
    PCollection<KV<String, Tallies.Tally>> ruleSeeds =
        results.getPipeline().apply("SeedRules", Create.of(seeds).withCoder(TALLY_BY_KEY));
    PCollection<RuleSummary> rules =
        PCollectionList.of(ruleSeeds)
            .and(
                results.apply("KeyFindingRules", ParDo.of(new RuleKeysFn())).setCoder(TALLY_BY_KEY))
            .apply("MergeRuleHits", Flatten.pCollections())
            .apply("SumRuleHits", keyedSum(1))
            .setCoder(TALLY_BY_KEY)
            .apply(
                "ToRuleSummary",
                ParDo.of(new RuleSummaryFn(documentCount)).withSideInputs(documentCount));
    return new Output(results.getPipeline(), byCell, byService, byQuality, rules);
  }

  private static final KvCoder<String, Tallies.Tally> TALLY_BY_KEY =
      KvCoder.of(StringUtf8Coder.of(), Tallies.TallyCoder.of());

  /** Keys each result's tallies with {@code keyFn} and sums them per key. */
  private static PCollection<KV<String, Tallies.Tally>> sum(
      PCollection<DocumentResult> results, String name, BundleSumFn keyFn, int width) {
    return results
        .apply("Key" + name, ParDo.of(keyFn))
        .setCoder(TALLY_BY_KEY)
        .apply("Sum" + name, keyedSum(width))
        .setCoder(TALLY_BY_KEY);
  }

  /**
   * Sums tallies per key in one global combine whose accumulator is the map of keys to sums. The
   * keys are cells, services, buckets and rules: a few thousand at most, whatever the corpus size.
   * A per-key combine would give the runner one group per key; on the Direct runner each group is a
   * timer and a bundle of its own, which cost more than the whole parse.
   */
  private static PTransform<
          PCollection<KV<String, Tallies.Tally>>, PCollection<KV<String, Tallies.Tally>>>
      keyedSum(int width) {
    return new PTransform<>() {
      @Override
      public PCollection<KV<String, Tallies.Tally>> expand(
          PCollection<KV<String, Tallies.Tally>> keyed) {
        return keyed
            .apply("SumAll", Combine.globally(new Tallies.KeyedSumFn(width)))
            .apply("EachKey", ParDo.of(new EachKeyFn()));
      }
    };
  }

  static class EachKeyFn
      extends DoFn<java.util.Map<String, Tallies.Tally>, KV<String, Tallies.Tally>> {
    @ProcessElement
    public void process(
        @Element java.util.Map<String, Tallies.Tally> sums,
        OutputReceiver<KV<String, Tallies.Tally>> out) {
      new java.util.TreeMap<>(sums).forEach((k, t) -> out.output(KV.of(k, t)));
    }
  }

  /**
   * A key function that sums its tallies over the bundle and emits one tally per key when the
   * bundle ends. Emitting one keyed tally per document and cell (dozens per document) made the
   * Direct runner hold millions of them at once: 50,000 documents filled a 1 GiB heap. The pipeline
   * is in the global window, so the sums are emitted there.
   */
  abstract static class BundleSumFn extends DoFn<DocumentResult, KV<String, Tallies.Tally>> {
    private transient java.util.Map<String, Tallies.Tally> sums;

    /** Calls {@code out} with each key's tally for one document; each tally is a new object. */
    abstract void keyTallies(
        DocumentResult r, java.util.function.BiConsumer<String, Tallies.Tally> out);

    @StartBundle
    public void startBundle() {
      sums = new java.util.HashMap<>();
    }

    @ProcessElement
    public void process(@Element DocumentResult r) {
      keyTallies(r, (k, t) -> sums.merge(k, t, Tallies.Tally::add));
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      sums.forEach(
          (k, t) ->
              c.output(
                  KV.of(k, t),
                  org.apache.beam.sdk.transforms.windowing.BoundedWindow.TIMESTAMP_MIN_VALUE,
                  org.apache.beam.sdk.transforms.windowing.GlobalWindow.INSTANCE));
      sums = null;
    }
  }

  private static String orAll(String s) {
    return s == null || s.isEmpty() ? "unknown" : s;
  }

  /**
   * Each failure counts in its own cell and in every total row ('*' over a dimension). Cells are
   * summed per document first, so the shuffle carries one tally per document and cell.
   */
  static class FailureCellsFn extends BundleSumFn {
    @Override
    void keyTallies(DocumentResult r, java.util.function.BiConsumer<String, Tallies.Tally> out) {
      if (!r.getPrimary()) {
        return;
      }
      java.util.Map<String, Tallies.Tally> cells = new java.util.TreeMap<>();
      for (Failure f : r.getFailures()) {
        String[] dims = {
          orAll(f.getPlatform()),
          orAll(f.getLanguage()),
          orAll(f.getSeverity()),
          orAll(f.getCategory())
        };
        for (int mask = 0; mask < 16; mask++) {
          StringBuilder key = new StringBuilder();
          for (int d = 0; d < 4; d++) {
            key.append(d == 0 ? "" : "\t").append((mask & (1 << d)) != 0 ? ALL : dims[d]);
          }
          cells.computeIfAbsent(key.toString(), k -> Tallies.Tally.ofDocument(1)).counts[0]++;
        }
      }
      cells.forEach(out);
    }
  }

  static class StatsFailuresFn extends DoFn<KV<String, Tallies.Tally>, StatsFailures> {
    @ProcessElement
    public void process(@Element KV<String, Tallies.Tally> e, OutputReceiver<StatsFailures> out) {
      String[] k = e.getKey().split("\t", -1);
      out.output(
          StatsFailures.newBuilder()
              .setPlatform(k[0])
              .setLanguage(k[1])
              .setSeverity(k[2])
              .setCategory(k[3])
              .setFailures(e.getValue().counts[0])
              .setDocuments(e.getValue().documents)
              .build());
    }
  }

  private static int severityIndex(String severity) {
    for (int i = 0; i < SEVERITIES.length; i++) {
      if (SEVERITIES[i].equals(severity)) {
        return i;
      }
    }
    return 4;
  }

  /** Counts: critical, high, medium, low, unrated, with_fix. */
  static class ServiceKeysFn extends BundleSumFn {
    @Override
    void keyTallies(DocumentResult r, java.util.function.BiConsumer<String, Tallies.Tally> out) {
      if (!r.getPrimary()) {
        return;
      }
      java.util.Map<String, Tallies.Tally> byService = new java.util.TreeMap<>();
      for (Failure f : r.getFailures()) {
        for (String s : f.getServices()) {
          Tallies.Tally t = byService.computeIfAbsent(s, k -> Tallies.Tally.ofDocument(6));
          t.counts[severityIndex(f.getSeverity())]++;
          if (f.getHasFix()) {
            t.counts[5]++;
          }
        }
      }
      byService.forEach(out);
    }
  }

  static class StatsServicesFn extends DoFn<KV<String, Tallies.Tally>, StatsServices> {
    @ProcessElement
    public void process(@Element KV<String, Tallies.Tally> e, OutputReceiver<StatsServices> out) {
      long[] c = e.getValue().counts;
      long failures = c[0] + c[1] + c[2] + c[3] + c[4];
      out.output(
          StatsServices.newBuilder()
              .setService(e.getKey())
              .setFailures(failures)
              .setDocuments(e.getValue().documents)
              .setCritical(c[0])
              .setHigh(c[1])
              .setMedium(c[2])
              .setLow(c[3])
              .setUnrated(c[4])
              .setWithFix(c[5])
              .setFixShare(failures == 0 ? 0.0 : (double) c[5] / failures)
              .build());
    }
  }

  /** Per parsed primary document: its training_quality bucket, failures and severity mix. */
  static class QualityKeysFn extends BundleSumFn {
    @Override
    void keyTallies(DocumentResult r, java.util.function.BiConsumer<String, Tallies.Tally> out) {
      Document d = r.getDocument();
      if (!r.getPrimary() || Records.QUARANTINED.equals(d.getStatus())) {
        return;
      }
      Double q = d.getMetadataTrainingQuality();
      String bucket = q == null ? "unknown" : String.valueOf(Math.round(q));
      Tallies.Tally t = Tallies.Tally.ofDocument(6);
      for (Failure f : r.getFailures()) {
        t.counts[severityIndex(f.getSeverity())]++;
        t.counts[5]++;
      }
      out.accept(bucket, t);
    }
  }

  static class StatsQualityFn extends DoFn<KV<String, Tallies.Tally>, StatsTrainingValue> {
    @ProcessElement
    public void process(
        @Element KV<String, Tallies.Tally> e, OutputReceiver<StatsTrainingValue> out) {
      long[] c = e.getValue().counts;
      long docs = e.getValue().documents;
      out.output(
          StatsTrainingValue.newBuilder()
              .setTrainingQuality(e.getKey())
              .setDocuments(docs)
              .setFailures(c[5])
              .setMeanFailures(docs == 0 ? 0.0 : (double) c[5] / docs)
              .setCritical(c[0])
              .setHigh(c[1])
              .setMedium(c[2])
              .setLow(c[3])
              .build());
    }
  }

  static class RuleKeysFn extends BundleSumFn {
    @Override
    void keyTallies(DocumentResult r, java.util.function.BiConsumer<String, Tallies.Tally> out) {
      // One tally per rule and document: the shuffle stays proportional to documents.
      java.util.Map<String, Tallies.Tally> byRule = new java.util.TreeMap<>();
      for (Finding f : r.getFindings()) {
        byRule.computeIfAbsent(f.getRule(), k -> Tallies.Tally.ofDocument(1)).counts[0]++;
      }
      byRule.forEach(out);
    }
  }

  static class RuleSummaryFn extends DoFn<KV<String, Tallies.Tally>, RuleSummary> {
    private final PCollectionView<Long> documentCount;

    RuleSummaryFn(PCollectionView<Long> documentCount) {
      this.documentCount = documentCount;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      KV<String, Tallies.Tally> e = c.element();
      long total = c.sideInput(documentCount);
      String level = "info";
      for (Rule r : Rule.values()) {
        if (r.id().equals(e.getKey())) {
          level = r.level().label();
        }
      }
      long hit = e.getValue().documents;
      c.output(
          RuleSummary.newBuilder()
              .setRule(e.getKey())
              .setLevel(level.toLowerCase(Locale.ROOT))
              .setHits(e.getValue().counts[0])
              .setDocumentsHit(hit)
              .setDocumentsTotal(total)
              .setRate(total == 0 ? 0.0 : (double) hit / total)
              .build());
    }
  }

  /** The statistics tables. */
  public static final class Output implements POutput {
    private final org.apache.beam.sdk.Pipeline pipeline;
    public final PCollection<StatsFailures> failures;
    public final PCollection<StatsServices> services;
    public final PCollection<StatsTrainingValue> trainingValue;
    public final PCollection<RuleSummary> rules;

    Output(
        org.apache.beam.sdk.Pipeline pipeline,
        PCollection<StatsFailures> failures,
        PCollection<StatsServices> services,
        PCollection<StatsTrainingValue> trainingValue,
        PCollection<RuleSummary> rules) {
      this.pipeline = pipeline;
      this.failures = failures;
      this.services = services;
      this.trainingValue = trainingValue;
      this.rules = rules;
    }

    @Override
    public org.apache.beam.sdk.Pipeline getPipeline() {
      return pipeline;
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(
          new TupleTag<StatsFailures>("stats_failures"), failures,
          new TupleTag<StatsServices>("stats_services"), services,
          new TupleTag<StatsTrainingValue>("stats_training_value"), trainingValue,
          new TupleTag<RuleSummary>("rule_summary"), rules);
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
