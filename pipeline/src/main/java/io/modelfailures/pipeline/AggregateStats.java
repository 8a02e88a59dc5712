package io.modelfailures.pipeline;

import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.FailurePattern;
import io.modelfailures.records.Finding;
import io.modelfailures.records.RuleSummary;
import io.modelfailures.records.StatsCorrelation;
import io.modelfailures.records.StatsDocuments;
import io.modelfailures.records.StatsFailures;
import io.modelfailures.records.StatsServices;
import io.modelfailures.records.StatsTrainingValue;
import io.modelfailures.validate.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Computes the statistics tables with Beam combines (nothing is collected on the driver).
 *
 * <p>Consumes the validated {@link DocumentResult}s; emits a {@link PCollectionTuple} of the tables
 * {@code stats_documents}, {@code stats_failures}, {@code stats_services}, {@code
 * stats_training_value}, {@code stats_correlation}, {@code failure_patterns} and {@code
 * rule_summary}, tagged by table name. Each table is a keyed sum of per-document tallies, so the
 * result is the same whatever the bundling, order or parallelism. Copies of a document found at
 * several paths count once, except in {@code stats_documents} and {@code rule_summary}, which
 * account for every input.
 */
public class AggregateStats extends PTransform<PCollection<DocumentResult>, PCollectionTuple> {

  public static final TupleTag<StatsDocuments> DOCUMENTS = new TupleTag<>("stats_documents") {};
  public static final TupleTag<StatsFailures> FAILURES = new TupleTag<>("stats_failures") {};
  public static final TupleTag<StatsServices> SERVICES = new TupleTag<>("stats_services") {};
  public static final TupleTag<StatsTrainingValue> TRAINING_VALUE =
      new TupleTag<>("stats_training_value") {};
  public static final TupleTag<StatsCorrelation> CORRELATION =
      new TupleTag<>("stats_correlation") {};
  public static final TupleTag<FailurePattern> PATTERNS = new TupleTag<>("failure_patterns") {};
  public static final TupleTag<RuleSummary> RULES = new TupleTag<>("rule_summary") {};

  private static final KvCoder<String, Tallies.Tally> TALLY_BY_KEY =
      KvCoder.of(StringUtf8Coder.of(), Tallies.TallyCoder.of());

  @Override
  public PCollectionTuple expand(PCollection<DocumentResult> results) {
    return PCollectionTuple.of(
            DOCUMENTS,
            sum(results, "DocumentCells", new FailureStats.DocumentCellsFn(), 4)
                .apply("ToStatsDocuments", ParDo.of(new FailureStats.StatsDocumentsFn())))
        .and(
            FAILURES,
            sum(results, "FailureCells", new FailureStats.FailureCellsFn(), 2)
                .apply("ToStatsFailures", ParDo.of(new FailureStats.StatsFailuresFn())))
        .and(
            SERVICES,
            sum(results, "Services", new ServiceStats.ServiceKeysFn(), 7)
                .apply("ToStatsServices", ParDo.of(new ServiceStats.StatsServicesFn())))
        .and(
            TRAINING_VALUE,
            sum(results, "TrainingQuality", new TrainingStats.QualityKeysFn(), TrainingStats.WIDTH)
                .apply("ToStatsTrainingValue", ParDo.of(new TrainingStats.StatsTrainingValueFn())))
        .and(
            CORRELATION,
            sum(results, "Correlation", new TrainingStats.CorrelationKeysFn(), 1)
                .apply("ToStatsCorrelation", ParDo.of(new TrainingStats.StatsCorrelationFn())))
        .and(
            PATTERNS,
            sumBucketed(results, "Patterns", new PatternStats.PatternKeysFn(), 7)
                .apply("ToFailurePatterns", ParDo.of(new PatternStats.FailurePatternsFn())))
        .and(RULES, ruleSummary(results));
  }

  /**
   * Keys each result's tallies with {@code keyFn} and sums them per key, in one global combine:
   * these tables have a few thousand keys at most, whatever the corpus size.
   */
  private static PCollection<KV<String, Tallies.Tally>> sum(
      PCollection<DocumentResult> results, String name, Keyer keyer, int width) {
    return results
        .apply("Key" + name, ParDo.of(new BundleSumFn(keyer)))
        .setCoder(TALLY_BY_KEY)
        .apply("Sum" + name, Combine.globally(new Tallies.KeyedSumFn(width)))
        .apply("Each" + name, ParDo.of(new EachKeyFn()))
        .setCoder(TALLY_BY_KEY);
  }

  /** Buckets for {@link #sumBucketed}. */
  static final int BUCKETS = 16;

  /**
   * Keys and sums for the one table whose keys grow with the corpus (failure patterns: most titles
   * are seen once). The keys are spread over {@value #BUCKETS} buckets by hash, each summed in one
   * map accumulator: no single accumulator holds them all, and the runner sees 16 groups rather
   * than one per key (on the Direct runner every group is a timer and a bundle of its own).
   */
  private static PCollection<KV<String, Tallies.Tally>> sumBucketed(
      PCollection<DocumentResult> results, String name, Keyer keyer, int width) {
    return results
        .apply("Key" + name, ParDo.of(new BundleSumFn(keyer)))
        .setCoder(TALLY_BY_KEY)
        .apply("Bucket" + name, ParDo.of(new BucketFn()))
        .setCoder(KvCoder.of(VarIntCoder.of(), TALLY_BY_KEY))
        .apply("Sum" + name, Combine.perKey(new Tallies.KeyedSumFn(width)))
        .apply("Each" + name, ParDo.of(new EachBucketKeyFn()))
        .setCoder(TALLY_BY_KEY);
  }

  static class BucketFn
      extends DoFn<KV<String, Tallies.Tally>, KV<Integer, KV<String, Tallies.Tally>>> {
    @ProcessElement
    public void process(
        @Element KV<String, Tallies.Tally> e,
        OutputReceiver<KV<Integer, KV<String, Tallies.Tally>>> out) {
      // String.hashCode is specified by the JLS, so the bucket of a key is the same everywhere.
      out.output(KV.of(Math.floorMod(e.getKey().hashCode(), BUCKETS), e));
    }
  }

  static class EachBucketKeyFn
      extends DoFn<KV<Integer, Map<String, Tallies.Tally>>, KV<String, Tallies.Tally>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Map<String, Tallies.Tally>> e,
        OutputReceiver<KV<String, Tallies.Tally>> out) {
      new TreeMap<>(e.getValue()).forEach((k, t) -> out.output(KV.of(k, t)));
    }
  }

  /** Turns one document into keyed tallies: at most one tally per key, each a new object. */
  interface Keyer extends java.io.Serializable {
    void keyTallies(DocumentResult r, BiConsumer<String, Tallies.Tally> out);
  }

  /**
   * Runs a {@link Keyer} over a bundle and emits each key's sum when the bundle ends. Emitting a
   * keyed tally per document and cell (dozens per document) made the Direct runner hold millions of
   * them at once: 50,000 documents filled a 1 GiB heap. The pipeline is in the global window, so
   * the sums are emitted there.
   */
  static class BundleSumFn extends DoFn<DocumentResult, KV<String, Tallies.Tally>> {
    private final Keyer keyer;
    private transient Map<String, Tallies.Tally> sums;

    BundleSumFn(Keyer keyer) {
      this.keyer = keyer;
    }

    @StartBundle
    public void startBundle() {
      sums = new java.util.HashMap<>();
    }

    @ProcessElement
    public void process(@Element DocumentResult r) {
      keyer.keyTallies(r, (k, t) -> sums.merge(k, t, Tallies.Tally::add));
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      new TreeMap<>(sums)
          .forEach(
              (k, t) ->
                  c.output(KV.of(k, t), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
      sums = null;
    }
  }

  /** Emits a map of sums as one element per key, in key order. */
  static class EachKeyFn extends DoFn<Map<String, Tallies.Tally>, KV<String, Tallies.Tally>> {
    @ProcessElement
    public void process(
        @Element Map<String, Tallies.Tally> sums, OutputReceiver<KV<String, Tallies.Tally>> out) {
      new TreeMap<>(sums).forEach((k, t) -> out.output(KV.of(k, t)));
    }
  }

  /** Every rule gets a row, hits or not: seeds of zero are summed with the real hits. */
  private static PCollection<RuleSummary> ruleSummary(PCollection<DocumentResult> results) {
    PCollectionView<Long> documentCount =
        results
            .apply("CountDocuments", Count.globally())
            .apply("ViewDocumentCount", View.asSingleton());
    List<KV<String, Tallies.Tally>> seeds = new ArrayList<>();
    for (Rule r : Rule.values()) {
      seeds.add(KV.of(r.id(), new Tallies.Tally(2)));
    }
    PCollection<KV<String, Tallies.Tally>> ruleSeeds =
        results.getPipeline().apply("SeedRules", Create.of(seeds).withCoder(TALLY_BY_KEY));
    return PCollectionList.of(ruleSeeds)
        .and(
            results
                .apply("KeyFindingRules", ParDo.of(new BundleSumFn(new RuleKeysFn())))
                .setCoder(TALLY_BY_KEY))
        .apply("MergeRuleHits", Flatten.pCollections())
        .apply("SumRuleHits", Combine.globally(new Tallies.KeyedSumFn(2)))
        .apply("EachRule", ParDo.of(new EachKeyFn()))
        .setCoder(TALLY_BY_KEY)
        .apply(
            "ToRuleSummary",
            ParDo.of(new RuleSummaryFn(documentCount)).withSideInputs(documentCount));
  }

  /** Counts: hits, documents hit. One tally per rule and document. */
  static class RuleKeysFn implements AggregateStats.Keyer {
    @Override
    public void keyTallies(DocumentResult r, BiConsumer<String, Tallies.Tally> out) {
      Map<String, Tallies.Tally> byRule = new TreeMap<>();
      for (Finding f : r.getFindings()) {
        byRule.computeIfAbsent(f.getRule(), k -> Tallies.Tally.of(2, 1)).counts[0]++;
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
      long hit = e.getValue().counts[1];
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
}
