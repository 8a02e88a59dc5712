package io.modelfailures.pipeline;

import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Finding;
import io.modelfailures.validate.Hit;
import io.modelfailures.validate.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Applies the corpus-wide consistency rules and settles each document's status.
 *
 * <p>Consumes one {@link DocumentResult} per input (already checked against its own claims by
 * {@link ParseFailures}); emits the same results with {@code duplicate-document} findings added.
 * When the same bytes appear at several paths, only the first path in sort order is {@code
 * primary}: the others keep their documents row but their failures are not listed again, so that
 * {@code failure_id} stays a key and training exports do not count a document twice.
 */
public class ValidateDocuments
    extends PTransform<PCollection<DocumentResult>, PCollection<DocumentResult>> {

  private final PCollectionView<Map<String, List<String>>> repeatedContent;

  /** Finds repeated contents among the results themselves (every result is held until then). */
  public ValidateDocuments() {
    this(null);
  }

  /**
   * Takes repeated contents from a view computed before parsing ({@link ScanCorpus}), so that each
   * result passes through as soon as it is parsed.
   */
  public ValidateDocuments(PCollectionView<Map<String, List<String>>> repeatedContent) {
    this.repeatedContent = repeatedContent;
  }

  @Override
  public PCollection<DocumentResult> expand(PCollection<DocumentResult> results) {
    PCollectionView<Map<String, List<String>>> repeated =
        repeatedContent != null ? repeatedContent : repeatedAmong(results);
    return results.apply(
        "ApplyCorpusRules", ParDo.of(new CorpusRulesFn(repeated)).withSideInputs(repeated));
  }

  private static PCollectionView<Map<String, List<String>>> repeatedAmong(
      PCollection<DocumentResult> results) {
    return results
        .apply("KeyPathByContent", ParDo.of(new KeyByContentFn()))
        .setCoder(
            KvCoder.of(VarIntCoder.of(), KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
        .apply("GroupPathsByContent", GroupByKey.create())
        .apply("KeepRepeatedContent", ParDo.of(new RepeatedFn()))
        .apply("ViewRepeatedContent", View.asMap());
  }

  /**
   * Grouping by content hash would make one key, and on the Direct runner one timer and one bundle,
   * per document. The hashes are instead spread over a fixed number of buckets; each bucket then
   * finds its repeated hashes itself.
   */
  static final int BUCKETS = 16;

  static class KeyByContentFn extends DoFn<DocumentResult, KV<Integer, KV<String, String>>> {
    @ProcessElement
    public void process(
        @Element DocumentResult r, OutputReceiver<KV<Integer, KV<String, String>>> out) {
      Document d = r.getDocument();
      if (d.getDocId() != null) {
        out.output(
            KV.of(
                Math.floorMod(d.getDocId().hashCode(), BUCKETS),
                KV.of(d.getDocId(), d.getSourcePath())));
      }
    }
  }

  static class RepeatedFn
      extends DoFn<KV<Integer, Iterable<KV<String, String>>>, KV<String, List<String>>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<KV<String, String>>> bucket,
        OutputReceiver<KV<String, List<String>>> out) {
      Map<String, List<String>> pathsByContent = new java.util.TreeMap<>();
      for (KV<String, String> e : bucket.getValue()) {
        pathsByContent.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
      }
      pathsByContent.forEach(
          (docId, paths) -> {
            if (paths.size() > 1) {
              paths.sort(null);
              out.output(KV.of(docId, paths));
            }
          });
    }
  }

  static class CorpusRulesFn extends DoFn<DocumentResult, DocumentResult> {
    private final BundleSideInput<Map<String, List<String>>> repeated;

    CorpusRulesFn(PCollectionView<Map<String, List<String>>> repeated) {
      this.repeated = new BundleSideInput<>(repeated);
    }

    @StartBundle
    public void startBundle() {
      repeated.reset();
    }

    @ProcessElement
    public void process(ProcessContext c) {
      DocumentResult in = c.element();
      Document d = in.getDocument();
      List<String> paths = d.getDocId() == null ? null : repeated.get(c).get(d.getDocId());
      if (paths == null) {
        c.output(in);
        return;
      }
      DocumentResult r = DocumentResult.newBuilder(in).build();
      List<String> others = new ArrayList<>(paths);
      others.remove(d.getSourcePath());
      List<Finding> findings = new ArrayList<>(r.getFindings());
      findings.add(
          Records.finding(
              d.getDocId(),
              d.getSourcePath(),
              new Hit(
                  Rule.DUPLICATE_DOCUMENT,
                  "same content as " + String.join(", ", others),
                  null,
                  "1 path",
                  paths.size() + " paths")));
      r.setFindings(findings);
      Records.countFindings(r.getDocument(), findings);
      // The new error finding costs consistency points; score before a copy drops its failures.
      Records.score(r.getDocument(), r.getFailures());
      boolean primary = paths.get(0).equals(d.getSourcePath());
      r.setPrimary(primary);
      if (!primary) {
        r.setFailures(List.of());
      }
      c.output(r);
    }
  }
}
