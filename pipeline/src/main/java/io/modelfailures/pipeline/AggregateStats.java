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
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

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

  /** One table: the tag its rows go to, how a document is keyed, how a sum becomes rows. */
  private record Table<T>(TupleTag<T> tag, Keyer keyer, Rows<T> rows) implements Serializable {}

  /**
   * The keyed tables, in a fixed order: a key is prefixed with its table's position, so one combine
   * serves them all. {@code rule_summary} is not here: its rows need the document count and a row
   * for every rule, so {@link EmitStatsFn} builds them from bucket 0.
   */
  private static final List<Table<?>> TABLES =
      List.of(
          new Table<>(
              DOCUMENTS, new FailureStats.DocumentCellsFn(), new FailureStats.StatsDocumentsFn()),
          new Table<>(
              FAILURES, new FailureStats.FailureCellsFn(), new FailureStats.StatsFailuresFn()),
          new Table<>(
              SERVICES, new ServiceStats.ServiceKeysFn(), new ServiceStats.StatsServicesFn()),
          new Table<>(
              TRAINING_VALUE,
              new TrainingStats.QualityKeysFn(),
              new TrainingStats.StatsTrainingValueFn()),
          new Table<>(
              CORRELATION,
              new TrainingStats.CorrelationKeysFn(),
              new TrainingStats.StatsCorrelationFn()),
          new Table<>(
              PATTERNS, new PatternStats.PatternKeysFn(), new PatternStats.FailurePatternsFn()));

  /** The key prefix of rule tallies; the bare prefix keys the document count. */
  static final String RULE_PREFIX = prefix(TABLES.size());

  /** Buckets of the one combine. */
  static final int BUCKETS = 16;

  static String prefix(int table) {
    return (char) ('A' + table) + ":";
  }

  /**
   * All seven tables come from one keying step, one grouping and one step that turns sums into
   * rows. A combine per table cost over a hundred runner steps, each with a fixed cost per bundle
   * that dominated small runs. Keys are spread over {@value #BUCKETS} buckets by hash, so no group
   * holds every key of the one table whose keys grow with the corpus (failure patterns: most titles
   * are seen once). Rule keys all go to bucket 0, with the document count.
   *
   * <p>Each bundle's sums reach the grouping already encoded, one blob per bucket, rather than
   * through a {@code Combine}: the Direct runner copies a group's whole contents (by encoding and
   * decoding every value) each time another bundle adds to it, and a copy of a blob is one array
   * copy, where a copy of a map of tallies decoded every string and count in it. That copying was
   * two seconds of a 10,000-document run.
   */
  @Override
  public PCollectionTuple expand(PCollection<DocumentResult> results) {
    // Bucket 0 must exist even for an empty input: rule_summary has a row per rule regardless.
    TreeMap<String, Tallies.Tally> seed = new TreeMap<>();
    seed.put(RULE_PREFIX, new Tallies.Tally(2));
    PCollection<KV<Integer, byte[]>> seeded =
        results
            .getPipeline()
            .apply(
                "SeedRules",
                Create.of(KV.of(0, Tallies.encodeSums(seed)))
                    .withCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of())));
    PCollection<KV<Integer, byte[]>> sums =
        results
            .apply("SumStatsPerBundle", ParDo.of(new BundleSumFn(new AllTablesKeyer())))
            .setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()));
    TupleTagList others = TupleTagList.of(RULES);
    for (Table<?> t : TABLES.subList(1, TABLES.size())) {
      others = others.and(t.tag());
    }
    return PCollectionList.of(seeded)
        .and(sums)
        .apply("MergeSeed", Flatten.pCollections())
        .apply("GroupBuckets", GroupByKey.create())
        .apply("EmitStats", ParDo.of(new EmitStatsFn()).withOutputTags(DOCUMENTS, others));
  }

  /** Keys a document for every table, each key prefixed with its table's position. */
  static class AllTablesKeyer implements Keyer {
    private final Keyer rules = new RuleKeysFn();

    @Override
    public void keyTallies(DocumentResult r, BiConsumer<String, Tallies.Tally> out) {
      for (int i = 0; i < TABLES.size(); i++) {
        String p = prefix(i);
        TABLES.get(i).keyer().keyTallies(r, (k, t) -> out.accept(p + k, t));
      }
      rules.keyTallies(r, (k, t) -> out.accept(RULE_PREFIX + k, t));
      out.accept(RULE_PREFIX, Tallies.Tally.of(2, 0));
    }
  }

  /** The bucket of a key. String.hashCode is specified by the JLS: the same everywhere. */
  static int bucket(String key) {
    return key.startsWith(RULE_PREFIX) ? 0 : Math.floorMod(key.hashCode(), BUCKETS);
  }

  /** Turns one bucket of sums into table rows, in key order. */
  static class EmitStatsFn extends DoFn<KV<Integer, Iterable<byte[]>>, StatsDocuments> {
    @ProcessElement
    public void process(@Element KV<Integer, Iterable<byte[]>> e, MultiOutputReceiver out) {
      TreeMap<String, Tallies.Tally> sums = new TreeMap<>();
      for (byte[] part : e.getValue()) {
        Tallies.decodeSums(part).forEach((k, t) -> sums.merge(k, t, Tallies.Tally::add));
      }
      TreeMap<String, Tallies.Tally> rules = new TreeMap<>();
      sums.forEach(
          (k, t) -> {
            if (k.startsWith(RULE_PREFIX)) {
              rules.put(k.substring(RULE_PREFIX.length()), t);
            } else {
              emit(TABLES.get(k.charAt(0) - 'A'), k.substring(2), t, out);
            }
          });
      if (!rules.isEmpty()) {
        ruleRows(rules, out.get(RULES)::output);
      }
    }

    private static <T> void emit(
        Table<T> table, String key, Tallies.Tally t, MultiOutputReceiver out) {
      table.rows().rows(KV.of(key, t), out.get(table.tag())::output);
    }
  }

  /** Turns a key's sum into rows of a table (none, for a sum below the table's threshold). */
  interface Rows<T> extends Serializable {
    void rows(KV<String, Tallies.Tally> sum, Consumer<T> out);
  }

  /** Turns one document into keyed tallies: at most one tally per key, each a new object. */
  interface Keyer extends java.io.Serializable {
    void keyTallies(DocumentResult r, BiConsumer<String, Tallies.Tally> out);
  }

  /**
   * Runs a {@link Keyer} over a bundle and, when the bundle ends, emits each bucket's sums as one
   * encoded blob. Emitting a keyed tally per document and cell (dozens per document) made the
   * Direct runner hold millions of them at once: 50,000 documents filled a 1 GiB heap. The pipeline
   * is in the global window, so the sums are emitted there.
   */
  static class BundleSumFn extends DoFn<DocumentResult, KV<Integer, byte[]>> {
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
      TreeMap<Integer, TreeMap<String, Tallies.Tally>> byBucket = new TreeMap<>();
      sums.forEach((k, t) -> byBucket.computeIfAbsent(bucket(k), b -> new TreeMap<>()).put(k, t));
      for (Map.Entry<Integer, TreeMap<String, Tallies.Tally>> e : byBucket.entrySet()) {
        c.output(
            KV.of(e.getKey(), Tallies.encodeSums(e.getValue())),
            BoundedWindow.TIMESTAMP_MIN_VALUE,
            GlobalWindow.INSTANCE);
      }
      sums = null;
    }
  }

  /**
   * One row per rule, hits or not, plus any other rule id that has hits. {@code sums} is keyed by
   * rule id; the empty id holds the document count.
   */
  static void ruleRows(TreeMap<String, Tallies.Tally> sums, Consumer<RuleSummary> out) {
    long total = sums.containsKey("") ? sums.get("").counts[0] : 0;
    TreeMap<String, long[]> hits = new TreeMap<>();
    for (Rule r : Rule.values()) {
      hits.put(r.id(), new long[2]);
    }
    sums.forEach(
        (rule, t) -> {
          if (!rule.isEmpty()) {
            hits.put(rule, t.counts);
          }
        });
    hits.forEach(
        (rule, c) -> {
          String level = "info";
          for (Rule r : Rule.values()) {
            if (r.id().equals(rule)) {
              level = r.level().label();
            }
          }
          out.accept(
              RuleSummary.newBuilder()
                  .setRule(rule)
                  .setLevel(level.toLowerCase(Locale.ROOT))
                  .setHits(c[0])
                  .setDocumentsHit(c[1])
                  .setDocumentsTotal(total)
                  .setRate(total == 0 ? 0.0 : (double) c[1] / total)
                  .build());
        });
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
}
