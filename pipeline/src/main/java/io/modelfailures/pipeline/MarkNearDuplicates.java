package io.modelfailures.pipeline;

import io.modelfailures.dedup.NearDuplicates;
import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Sets {@code near_duplicate_group} and {@code near_duplicate_representative} on every document.
 *
 * <p>Consumes the run's {@link DocumentResult}s, and (given at construction) the memberships that
 * {@link ScanCorpus} found by fingerprinting every listed file with word shingles and MinHash and
 * grouping them with {@link NearDuplicates#group}; emits the results with both fields set. Grouping
 * is over the whole current corpus on every run, reused documents included.
 */
public class MarkNearDuplicates
    extends PTransform<PCollection<DocumentResult>, PCollection<DocumentResult>> {

  private final PCollectionView<Map<String, NearDuplicates.Membership>> groups;

  /** {@code groups}: memberships by path, from {@link ScanCorpus}. */
  public MarkNearDuplicates(PCollectionView<Map<String, NearDuplicates.Membership>> groups) {
    this.groups = groups;
  }

  @Override
  public PCollection<DocumentResult> expand(PCollection<DocumentResult> results) {
    return results.apply(
        "SetNearDuplicateFields", ParDo.of(new MarkFn(groups)).withSideInputs(groups));
  }

  static class GroupFn
      extends DoFn<
          KV<Integer, Iterable<NearDuplicates.Fingerprint>>,
          KV<String, NearDuplicates.Membership>> {
    private final double threshold;
    private final Counter groups = Metrics.counter(FailuresPipeline.class, "near_duplicate_groups");
    private final Counter members =
        Metrics.counter(FailuresPipeline.class, "near_duplicate_documents");

    GroupFn(double threshold) {
      this.threshold = threshold;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<NearDuplicates.Fingerprint>> all,
        OutputReceiver<KV<String, NearDuplicates.Membership>> out) {
      List<NearDuplicates.Fingerprint> docs = new ArrayList<>();
      all.getValue().forEach(docs::add);
      Map<String, NearDuplicates.Membership> m = NearDuplicates.group(docs, threshold);
      m.forEach((path, g) -> out.output(KV.of(path, g)));
      members.inc(m.size());
      groups.inc(m.values().stream().filter(NearDuplicates.Membership::representative).count());
    }
  }

  static class MarkFn extends DoFn<DocumentResult, DocumentResult> {
    private final BundleSideInput<Map<String, NearDuplicates.Membership>> groups;

    MarkFn(PCollectionView<Map<String, NearDuplicates.Membership>> groups) {
      this.groups = new BundleSideInput<>(groups);
    }

    @StartBundle
    public void startBundle() {
      groups.reset();
    }

    @ProcessElement
    public void process(ProcessContext c) {
      DocumentResult in = c.element();
      NearDuplicates.Membership g = groups.get(c).get(in.getDocument().getSourcePath());
      DocumentResult r = DocumentResult.newBuilder(in).build();
      Document d = r.getDocument();
      d.setNearDuplicateGroup(g == null ? null : g.group());
      d.setNearDuplicateRepresentative(g == null || g.representative());
      c.output(r);
    }
  }
}
