package io.modelfailures.pipeline;

import io.modelfailures.dedup.NearDuplicates;
import io.modelfailures.extract.TextDecoder;
import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.SourceDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Sets {@code near_duplicate_group} and {@code near_duplicate_representative} on every document.
 *
 * <p>Consumes the run's {@link DocumentResult}s, and (given at construction) the {@link
 * SourceDocument}s they came from, whose text is fingerprinted with word shingles and MinHash;
 * emits the results with both fields set by {@link NearDuplicates#group}. Grouping is over the
 * whole current corpus on every run, reused documents included. All fingerprints meet in one
 * grouping step (128 longs and the path per document: about 1 KB each, whatever the document's
 * size).
 */
public class MarkNearDuplicates
    extends PTransform<PCollection<DocumentResult>, PCollection<DocumentResult>> {

  private final PCollection<SourceDocument> sources;
  private final double threshold;

  public MarkNearDuplicates(PCollection<SourceDocument> sources, double threshold) {
    this.sources = sources;
    this.threshold = threshold;
  }

  @Override
  public PCollection<DocumentResult> expand(PCollection<DocumentResult> results) {
    PCollectionView<Map<String, NearDuplicates.Membership>> groups =
        sources
            .apply("FingerprintDocuments", ParDo.of(new FingerprintFn()))
            .setCoder(KvCoder.of(VarIntCoder.of(), FingerprintCoder.of()))
            .apply("GatherFingerprints", GroupByKey.create())
            .apply("GroupNearDuplicates", ParDo.of(new GroupFn(threshold)))
            .setCoder(
                KvCoder.of(
                    StringUtf8Coder.of(), SerializableCoder.of(NearDuplicates.Membership.class)))
            .apply("ViewNearDuplicates", View.asMap());
    return results.apply(
        "SetNearDuplicateFields", ParDo.of(new MarkFn(groups)).withSideInputs(groups));
  }

  /** Fingerprints a readable, decodable document; others belong to no group. */
  static class FingerprintFn extends DoFn<SourceDocument, KV<Integer, NearDuplicates.Fingerprint>> {
    @ProcessElement
    public void process(
        @Element SourceDocument src, OutputReceiver<KV<Integer, NearDuplicates.Fingerprint>> out) {
      if (src.getContent() == null) {
        return;
      }
      byte[] bytes = new byte[src.getContent().remaining()];
      src.getContent().duplicate().get(bytes);
      try {
        String text = TextDecoder.decode(bytes);
        // One key: grouping needs every fingerprint at once.
        out.output(
            KV.of(0, NearDuplicates.Fingerprint.of(src.getSourcePath(), src.getSizeBytes(), text)));
      } catch (TextDecoder.DecodeException e) {
        // Not text: in no group.
      }
    }
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
    private final PCollectionView<Map<String, NearDuplicates.Membership>> groups;
    private transient Map<String, NearDuplicates.Membership> bundleGroups;

    MarkFn(PCollectionView<Map<String, NearDuplicates.Membership>> groups) {
      this.groups = groups;
    }

    @StartBundle
    public void startBundle() {
      bundleGroups = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      DocumentResult in = c.element();
      // The Direct runner rebuilds a map view from its whole contents on every sideInput() call,
      // which made this step quadratic in the corpus; the view is fixed, so read it once a bundle.
      if (bundleGroups == null) {
        bundleGroups = c.sideInput(groups);
      }
      NearDuplicates.Membership g = bundleGroups.get(in.getDocument().getSourcePath());
      DocumentResult r = DocumentResult.newBuilder(in).build();
      Document d = r.getDocument();
      d.setNearDuplicateGroup(g == null ? null : g.group());
      d.setNearDuplicateRepresentative(g == null || g.representative());
      c.output(r);
    }
  }
}
