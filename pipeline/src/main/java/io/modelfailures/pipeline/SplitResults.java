package io.modelfailures.pipeline;

import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Failure;
import io.modelfailures.records.Finding;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Splits validated results into the documents, failures and findings tables.
 *
 * <p>Consumes {@link DocumentResult}s; emits exactly one {@link Document} per result, the failures
 * of primary results, and all findings. Counts outcomes in metrics for the manifest.
 */
public class SplitResults extends PTransform<PCollection<DocumentResult>, PCollectionTuple> {

  public static final TupleTag<Document> DOCUMENTS = new TupleTag<>("documents") {};
  public static final TupleTag<Failure> FAILURES = new TupleTag<>("failures") {};
  public static final TupleTag<Finding> FINDINGS = new TupleTag<>("findings") {};

  static final String RULE_HITS = "rule_hits:";
  static final String RULE_DOCUMENTS = "rule_documents:";

  @Override
  public PCollectionTuple expand(PCollection<DocumentResult> results) {
    return results.apply(
        "SplitTables",
        ParDo.of(new SplitFn()).withOutputTags(DOCUMENTS, TupleTagList.of(FAILURES).and(FINDINGS)));
  }

  static class SplitFn extends DoFn<DocumentResult, Document> {
    private final Counter documents = Metrics.counter(FailuresPipeline.class, "documents");
    private final Counter parsed = Metrics.counter(FailuresPipeline.class, "documents_parsed");
    private final Counter partial = Metrics.counter(FailuresPipeline.class, "documents_partial");
    private final Counter quarantined =
        Metrics.counter(FailuresPipeline.class, "documents_quarantined");
    private final Counter failures = Metrics.counter(FailuresPipeline.class, "failures");
    private final Counter findings = Metrics.counter(FailuresPipeline.class, "findings");
    private final Counter errors = Metrics.counter(FailuresPipeline.class, "findings_error");

    @ProcessElement
    public void process(@Element DocumentResult r, MultiOutputReceiver out) {
      Document d = r.getDocument();
      documents.inc();
      switch (d.getStatus()) {
        case Records.PARSED -> parsed.inc();
        case Records.PARTIAL -> partial.inc();
        default -> quarantined.inc();
      }
      out.get(DOCUMENTS).output(d);
      for (Failure f : r.getFailures()) {
        failures.inc();
        out.get(FAILURES).output(f);
      }
      java.util.Set<String> rulesHit = new java.util.TreeSet<>();
      for (Finding f : r.getFindings()) {
        rulesHit.add(f.getRule());
        // Per-rule counters feed the quality gate and the manifest without re-reading tables.
        Metrics.counter(FailuresPipeline.class, RULE_HITS + f.getRule()).inc();
        findings.inc();
        if ("error".equals(f.getLevel())) {
          errors.inc();
        }
        out.get(FINDINGS).output(f);
      }
      for (String rule : rulesHit) {
        Metrics.counter(FailuresPipeline.class, RULE_DOCUMENTS + rule).inc();
      }
    }
  }
}
