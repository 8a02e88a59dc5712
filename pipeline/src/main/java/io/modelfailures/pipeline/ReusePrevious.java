package io.modelfailures.pipeline;

import io.modelfailures.extract.FailureExtractor;
import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Failure;
import io.modelfailures.records.Finding;
import io.modelfailures.records.SourceDocument;
import io.modelfailures.validate.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Incremental mode: reuses a previous run's rows for documents that did not change.
 *
 * <p>Consumes this run's {@link SourceDocument}s and (at construction) the previous output folder,
 * whose documents, failures and findings Parquet tables are read with their explicit schemas,
 * joined by {@code source_path} (in {@link PathBuckets}: a key per path would cost the Direct
 * runner a bundle per document) and looked up per source as a side input (all previous rows fit in
 * memory at corpus scale: about 10 MB for the 742-document corpus). Emits a {@link
 * PCollectionTuple}: on {@link #REUSED} a rebuilt {@link DocumentResult} for each document that
 * {@link #reusable} accepts, on {@link #TO_PARSE} every other source, and on {@link #PREVIOUS} each
 * previous path's rows as one DocumentResult (for the changes and drift tables). Corpus-level
 * results (duplicate-document findings, primary flags, near-duplicate groups) are dropped from
 * reused rows; the steps after this one recompute them over the whole current corpus.
 */
public class ReusePrevious extends PTransform<PCollection<SourceDocument>, PCollectionTuple> {

  public static final TupleTag<DocumentResult> REUSED = new TupleTag<>() {};
  public static final TupleTag<SourceDocument> TO_PARSE = new TupleTag<>() {};
  public static final TupleTag<KV<String, DocumentResult>> PREVIOUS = new TupleTag<>() {};

  private static final TupleTag<Document> DOCS = new TupleTag<>() {};
  private static final TupleTag<Failure> FAILURES = new TupleTag<>() {};
  private static final TupleTag<Finding> FINDINGS = new TupleTag<>() {};

  private final String previous;
  private final boolean reuse;

  /**
   * @param reuse false when the previous run used other limits: its rows are then only compared
   *     with, never reused
   */
  public ReusePrevious(String previous, boolean reuse) {
    this.previous = previous;
    this.reuse = reuse;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceDocument> sources) {
    var p = sources.getPipeline();
    PCollection<KV<Integer, Document>> docs =
        readTable(p, "documents", Document.class)
            .apply(
                "KeyPreviousDocuments",
                WithKeys.<Integer, Document>of(r -> PathBuckets.of(r.getSourcePath()))
                    .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), AvroCoder.of(Document.class)));
    PCollection<KV<Integer, Failure>> failures =
        readTable(p, "failures", Failure.class)
            .apply(
                "KeyPreviousFailures",
                WithKeys.<Integer, Failure>of(r -> PathBuckets.of(r.getSourcePath()))
                    .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), AvroCoder.of(Failure.class)));
    PCollection<KV<Integer, Finding>> findings =
        readTable(p, "findings", Finding.class)
            .apply(
                "KeyPreviousFindings",
                WithKeys.<Integer, Finding>of(r -> PathBuckets.of(r.getSourcePath()))
                    .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), AvroCoder.of(Finding.class)));
    PCollection<KV<String, DocumentResult>> previousResults =
        KeyedPCollectionTuple.of(DOCS, docs)
            .and(FAILURES, failures)
            .and(FINDINGS, findings)
            .apply("JoinPreviousTables", CoGroupByKey.create())
            .apply("AssemblePrevious", ParDo.of(new AssembleFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), AvroCoder.of(DocumentResult.class)));
    // A side input rather than a join with the sources: a join would hand every later step
    // one-element bundles, which on the Direct runner cost more than the parsing saved.
    PCollectionView<Map<String, DocumentResult>> byPath =
        previousResults.apply("ViewPrevious", View.asMap());
    PCollectionTuple out =
        sources.apply(
            "ReuseOrParse",
            ParDo.of(new ReuseOrParseFn(reuse, byPath))
                .withSideInputs(byPath)
                .withOutputTags(REUSED, TupleTagList.of(TO_PARSE)));
    out.get(REUSED).setCoder(AvroCoder.of(DocumentResult.class));
    out.get(TO_PARSE).setCoder(AvroCoder.of(SourceDocument.class));
    return out.and(PREVIOUS, previousResults);
  }

  private <T extends SpecificRecord> PCollection<T> readTable(
      org.apache.beam.sdk.Pipeline p, String table, Class<T> type) {
    return p.apply(
            "ListPrevious_" + table,
            org.apache.beam.sdk.transforms.Create.of(previous).withCoder(StringUtf8Coder.of()))
        .apply("ReadPrevious_" + table, ParDo.of(new ReadTableFn<>(table, type)))
        .setCoder(AvroCoder.of(type));
  }

  /**
   * Reads one table of the previous output, every file, in one step. ParquetIO's splittable read
   * hands its rows on in bundles of at most a hundred on the Direct runner, and the join after it
   * copies its grouped state once per incoming bundle: that copying was two thirds of an
   * incremental run. One step, one bundle.
   */
  static class ReadTableFn<T extends SpecificRecord> extends DoFn<String, T> {
    private final String table;
    private final Class<T> type;

    ReadTableFn(String table, Class<T> type) {
      this.table = table;
      this.type = type;
    }

    @ProcessElement
    public void process(@Element String dir, OutputReceiver<T> out) throws java.io.IOException {
      new io.modelfailures.report.TableReader(dir)
          .forEach(table, g -> out.output(AvroRecords.toSpecific(g, type)));
    }
  }

  /** The previous run's rows of one path, as a DocumentResult; null when it had none. */
  static DocumentResult previousResult(
      Iterable<Document> docs, Iterable<Failure> failures, Iterable<Finding> findings) {
    var it = docs.iterator();
    if (!it.hasNext()) {
      return null;
    }
    List<Failure> f = new ArrayList<>();
    failures.forEach(f::add);
    f.sort(Comparator.comparing(Failure::getOrdinal));
    List<Finding> g = new ArrayList<>();
    findings.forEach(g::add);
    return DocumentResult.newBuilder()
        .setDocument(it.next())
        .setFailures(f)
        .setFindings(g)
        .setQuarantine(null)
        .build();
  }

  /**
   * A previous result can stand for this source when the content, the metadata.json text, the
   * parser and the schema are the same, the document was not quarantined (those are re-parsed, to
   * rebuild their dead-letter row), and all its failures were listed (a non-primary copy's were
   * not).
   */
  static boolean reusable(DocumentResult prev, SourceDocument src) {
    Document d = prev.getDocument();
    return src.getDocId() != null
        && src.getReadError() == null
        && src.getDocId().equals(d.getDocId())
        && Records.metadataSha256(src).equals(d.getMetadataSha256())
        && FailureExtractor.PARSER_VERSION.equals(d.getParserVersion())
        && Records.SCHEMA_VERSION.equals(d.getSchemaVersion())
        && !Records.QUARANTINED.equals(d.getStatus())
        && prev.getFailures().size() == d.getFailureCount()
        && Objects.equals(src.getSizeBytes(), d.getSizeBytes());
  }

  /** The result a fresh parse would give before the corpus-level steps. */
  static DocumentResult rebuild(DocumentResult prev) {
    DocumentResult r = DocumentResult.newBuilder(prev).build();
    List<Finding> own = new ArrayList<>();
    for (Finding f : r.getFindings()) {
      if (!Rule.DUPLICATE_DOCUMENT.id().equals(f.getRule())) {
        own.add(f);
      }
    }
    r.setFindings(own);
    r.setPrimary(true);
    Document d = r.getDocument();
    d.setNearDuplicateGroup(null);
    d.setNearDuplicateRepresentative(true);
    Records.countFindings(d, own);
    Records.score(d, r.getFailures());
    return r;
  }

  /** Splits one bucket's rows by path and assembles each path's previous result. */
  static class AssembleFn extends DoFn<KV<Integer, CoGbkResult>, KV<String, DocumentResult>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, CoGbkResult> e, OutputReceiver<KV<String, DocumentResult>> out) {
      CoGbkResult g = e.getValue();
      Map<String, List<Document>> docs =
          PathBuckets.byPath(g.getAll(DOCS), Document::getSourcePath);
      Map<String, List<Failure>> failures =
          PathBuckets.byPath(g.getAll(FAILURES), Failure::getSourcePath);
      Map<String, List<Finding>> findings =
          PathBuckets.byPath(g.getAll(FINDINGS), Finding::getSourcePath);
      for (Map.Entry<String, List<Document>> d : docs.entrySet()) {
        DocumentResult prev =
            previousResult(
                d.getValue(),
                failures.getOrDefault(d.getKey(), List.of()),
                findings.getOrDefault(d.getKey(), List.of()));
        if (prev != null) {
          out.output(KV.of(d.getKey(), prev));
        }
      }
    }
  }

  static class ReuseOrParseFn extends DoFn<SourceDocument, DocumentResult> {
    private final boolean reuse;
    private final BundleSideInput<Map<String, DocumentResult>> previous;
    private final Counter reused = Metrics.counter(FailuresPipeline.class, "incremental_reused");
    private final Counter parsed = Metrics.counter(FailuresPipeline.class, "incremental_parsed");

    ReuseOrParseFn(boolean reuse, PCollectionView<Map<String, DocumentResult>> previous) {
      this.reuse = reuse;
      this.previous = new BundleSideInput<>(previous);
    }

    @StartBundle
    public void startBundle() {
      previous.reset();
    }

    @ProcessElement
    public void process(ProcessContext c) {
      SourceDocument src = c.element();
      DocumentResult prev = reuse ? previous.get(c).get(src.getSourcePath()) : null;
      if (prev != null && reusable(prev, src)) {
        reused.inc();
        c.output(rebuild(prev));
      } else {
        parsed.inc();
        c.output(TO_PARSE, src);
      }
    }
  }
}
