package io.modelfailures.pipeline;

import io.modelfailures.incremental.Drift;
import io.modelfailures.incremental.FailureDiff;
import io.modelfailures.records.Change;
import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Failure;
import io.modelfailures.records.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Compares this run with the previous one: the {@code changes} and {@code drift} tables.
 *
 * <p>Consumes this run's final {@link DocumentResult}s and (at construction) the previous run's,
 * keyed by path ({@link ReusePrevious#PREVIOUS}), or null without {@code --previous}; both sides
 * are compared through side inputs (a map of the previous results, the set of current paths). Emits
 * a {@link PCollectionTuple} with {@link #CHANGES}: one {@link Change} per path of either run
 * (without a previous run every path is {@code added}); and {@link #DRIFT}: the {@link Drift} rows
 * (empty without a previous run). Counts changes and drift breaches in metrics for the manifest and
 * the gate.
 */
public class CompareRuns extends PTransform<PCollection<DocumentResult>, PCollectionTuple> {

  public static final TupleTag<Change> CHANGES = new TupleTag<>("changes") {};
  public static final TupleTag<io.modelfailures.records.Drift> DRIFT = new TupleTag<>("drift") {};

  static final String DRIFT_BREACH = "drift_breach:";

  private final PCollection<KV<String, DocumentResult>> previous;
  private final PCollectionView<Map<String, DocumentResult>> before;
  private final double driftThreshold;

  /**
   * @param previous the previous results by path, or null without a previous run
   * @param before the same as a map view (shared with {@link ReusePrevious}: the Direct runner
   *     materializes every view it is given), or null without a previous run
   */
  public CompareRuns(
      PCollection<KV<String, DocumentResult>> previous,
      PCollectionView<Map<String, DocumentResult>> before,
      double driftThreshold) {
    this.previous = previous;
    this.before = before;
    this.driftThreshold = driftThreshold;
  }

  @Override
  public PCollectionTuple expand(PCollection<DocumentResult> current) {
    var p = current.getPipeline();
    if (previous == null) {
      PCollection<Change> added =
          current
              .apply("ListAdded", ParDo.of(new AddedFn()))
              .setCoder(AvroCoder.specific(Change.class));
      PCollection<io.modelfailures.records.Drift> none =
          p.apply(
              "NoDrift",
              org.apache.beam.sdk.transforms.Create.empty(
                  AvroCoder.specific(io.modelfailures.records.Drift.class)));
      return PCollectionTuple.of(CHANGES, added).and(DRIFT, none);
    }
    // No join: every current result looks its path up in a map of the previous results, and
    // every previous path is checked against the set of current paths. A join (even in path
    // buckets) made the Direct runner copy each bucket's grouped results once per incoming
    // bundle, which cost more than the whole incremental saving.
    PCollectionView<Iterable<String>> currentPaths =
        current
            .apply(
                "ListCurrentPaths",
                MapElements.into(TypeDescriptors.strings())
                    .via((DocumentResult r) -> r.getDocument().getSourcePath()))
            .apply("ViewCurrentPaths", View.asIterable());
    PCollection<Change> present =
        current
            .apply("CompareDocuments", ParDo.of(new CompareFn(before)).withSideInputs(before))
            .setCoder(AvroCoder.specific(Change.class));
    PCollection<Change> removed =
        previous
            .apply(
                "ListRemoved", ParDo.of(new RemovedFn(currentPaths)).withSideInputs(currentPaths))
            .setCoder(AvroCoder.specific(Change.class));
    PCollection<Change> changes =
        PCollectionList.of(present).and(removed).apply("FlattenChanges", Flatten.pCollections());
    // Tallies are summed per bundle and gathered under one key: a keyed sum made every tally key
    // (a few hundred: severities, services, rules) a group, a bundle and a timer of its own on the
    // Direct runner.
    PCollection<KV<Integer, KV<String, Long>>> tallyBefore =
        previous
            .apply("PreviousResults", Values.create())
            .apply("TallyPrevious", ParDo.of(new TallyFn("previous")))
            .setCoder(TALLIES);
    PCollection<KV<Integer, KV<String, Long>>> after =
        current.apply("TallyCurrent", ParDo.of(new TallyFn("current"))).setCoder(TALLIES);
    PCollection<io.modelfailures.records.Drift> drift =
        PCollectionList.of(tallyBefore)
            .and(after)
            .apply("FlattenTallies", Flatten.pCollections())
            .apply("GroupTallies", GroupByKey.create())
            .apply("CompareStats", ParDo.of(new DriftFn(driftThreshold)))
            .setCoder(AvroCoder.specific(io.modelfailures.records.Drift.class));
    return PCollectionTuple.of(CHANGES, changes).and(DRIFT, drift);
  }

  private static List<String> ids(List<Failure> failures) {
    List<String> ids = new ArrayList<>();
    failures.forEach(f -> ids.add(f.getFailureId()));
    return ids;
  }

  static class AddedFn extends DoFn<DocumentResult, Change> {
    private final Counter added = Metrics.counter(FailuresPipeline.class, "changes_added");

    @ProcessElement
    public void process(@Element DocumentResult r, OutputReceiver<Change> out) {
      added.inc();
      out.output(change(null, r));
    }
  }

  /** The change row of one path; either side may be null (added, removed). */
  static Change change(DocumentResult before, DocumentResult after) {
    Change.Builder c = Change.newBuilder().setFailuresUnchanged(0);
    if (before == null) {
      Document d = after.getDocument();
      return c.setSourcePath(d.getSourcePath())
          .setChange("added")
          .setDocId(d.getDocId())
          .setPreviousDocId(null)
          .setFailuresAdded(ids(after.getFailures()))
          .setFailuresRemoved(List.of())
          .setFailuresChanged(List.of())
          .build();
    }
    Document b = before.getDocument();
    if (after == null) {
      return c.setSourcePath(b.getSourcePath())
          .setChange("removed")
          .setDocId(null)
          .setPreviousDocId(b.getDocId())
          .setFailuresAdded(List.of())
          .setFailuresRemoved(ids(before.getFailures()))
          .setFailuresChanged(List.of())
          .build();
    }
    Document a = after.getDocument();
    FailureDiff.Result diff = FailureDiff.compare(before.getFailures(), after.getFailures());
    boolean same =
        Objects.equals(a.getDocId(), b.getDocId())
            && Objects.equals(a.getMetadataSha256(), b.getMetadataSha256())
            && diff.same();
    return c.setSourcePath(a.getSourcePath())
        .setChange(same ? "unchanged" : "modified")
        .setDocId(a.getDocId())
        .setPreviousDocId(b.getDocId())
        .setFailuresAdded(diff.added())
        .setFailuresRemoved(diff.removed())
        .setFailuresChanged(diff.changed())
        .setFailuresUnchanged(diff.unchanged())
        .build();
  }

  /** Compares each current result with the previous result of its path, if any. */
  static class CompareFn extends DoFn<DocumentResult, Change> {
    private final BundleSideInput<Map<String, DocumentResult>> before;

    CompareFn(PCollectionView<Map<String, DocumentResult>> before) {
      this.before = new BundleSideInput<>(before);
    }

    @StartBundle
    public void startBundle() {
      before.reset();
    }

    @ProcessElement
    public void process(ProcessContext c) {
      DocumentResult after = c.element();
      Change change = change(before.get(c).get(after.getDocument().getSourcePath()), after);
      Metrics.counter(FailuresPipeline.class, "changes_" + change.getChange()).inc();
      c.output(change);
    }
  }

  /** Emits a {@code removed} change for each previous path that this run does not have. */
  static class RemovedFn extends DoFn<KV<String, DocumentResult>, Change> {
    private final PCollectionView<Iterable<String>> currentPaths;
    private transient java.util.Set<String> bundlePaths;

    RemovedFn(PCollectionView<Iterable<String>> currentPaths) {
      this.currentPaths = currentPaths;
    }

    @StartBundle
    public void startBundle() {
      bundlePaths = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (bundlePaths == null) {
        bundlePaths = new java.util.HashSet<>();
        c.sideInput(currentPaths).forEach(bundlePaths::add);
      }
      if (!bundlePaths.contains(c.element().getKey())) {
        Change change = change(c.element().getValue(), null);
        Metrics.counter(FailuresPipeline.class, "changes_" + change.getChange()).inc();
        c.output(change);
      }
    }
  }

  private static final KvCoder<Integer, KV<String, Long>> TALLIES =
      KvCoder.of(VarIntCoder.of(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

  /**
   * Documents' contributions to the drift tallies, keyed {@code side|kind:key}, summed over a
   * bundle and emitted under the single key 0 when the bundle ends.
   */
  static class TallyFn extends DoFn<DocumentResult, KV<Integer, KV<String, Long>>> {
    private final String side;
    private transient Map<String, Long> sums;

    TallyFn(String side) {
      this.side = side;
    }

    @StartBundle
    public void startBundle() {
      sums = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element DocumentResult r) {
      List<String> severities = new ArrayList<>();
      List<List<String>> services = new ArrayList<>();
      for (Failure f : r.getFailures()) {
        severities.add(f.getSeverity());
        services.add(f.getServices());
      }
      List<String> rules = new ArrayList<>();
      for (Finding f : r.getFindings()) {
        rules.add(f.getRule());
      }
      for (String k : Drift.tallyKeys(severities, services, rules)) {
        sums.merge(side + "|" + k, 1L, Long::sum);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      sums.forEach(
          (k, n) ->
              c.output(
                  KV.of(0, KV.of(k, n)), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
      sums = null;
    }
  }

  static class DriftFn
      extends DoFn<KV<Integer, Iterable<KV<String, Long>>>, io.modelfailures.records.Drift> {
    private final double threshold;
    private final Counter breaches = Metrics.counter(FailuresPipeline.class, "drift_breaches");

    DriftFn(double threshold) {
      this.threshold = threshold;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<KV<String, Long>>> all,
        OutputReceiver<io.modelfailures.records.Drift> out) {
      Map<String, Long> before = new TreeMap<>();
      Map<String, Long> after = new TreeMap<>();
      for (KV<String, Long> t : all.getValue()) {
        int bar = t.getKey().indexOf('|');
        String side = t.getKey().substring(0, bar);
        (side.equals("previous") ? before : after)
            .merge(t.getKey().substring(bar + 1), t.getValue(), Long::sum);
      }
      for (Drift.Row row : Drift.compare(before, after, threshold)) {
        if (row.breached()) {
          breaches.inc();
          // One counter per breach names it in the manifest without re-reading the table.
          Metrics.counter(FailuresPipeline.class, DRIFT_BREACH + row.metric() + "/" + row.key())
              .inc();
        }
        out.output(
            io.modelfailures.records.Drift.newBuilder()
                .setMetric(row.metric())
                .setKey(row.key())
                .setPrevious(row.previous())
                .setCurrent(row.current())
                .setDelta(row.delta())
                .setRelativeDelta(row.relativeDelta())
                .setBreached(row.breached())
                .build());
      }
    }
  }
}
