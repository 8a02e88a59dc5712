package io.modelfailures.pipeline;

import io.modelfailures.extract.FailureExtractor;
import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Failure;
import io.modelfailures.records.Finding;
import io.modelfailures.records.SourceDocument;
import io.modelfailures.report.TableReader;
import io.modelfailures.validate.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Incremental mode: reuses a previous run's rows for documents that did not change.
 *
 * <p>Consumes this run's {@link SourceDocument}s and (at construction) the previous output folder,
 * whose documents, failures and findings Parquet tables are read with their explicit schemas,
 * assembled by {@code source_path} in one step, and looked up per source as a map side input (all
 * previous rows fit in memory at corpus scale: about 10 MB for the 742-document corpus, shared with
 * {@link CompareRuns} through {@link #view}). Emits a {@link PCollectionTuple}: on {@link #REUSED}
 * a rebuilt {@link DocumentResult} for each document that {@link #reusable} accepts, on {@link
 * #TO_PARSE} every other source, and on {@link #PREVIOUS} each previous path's rows as one
 * DocumentResult (for the changes and drift tables). Corpus-level results (duplicate-document
 * findings, primary flags, near-duplicate groups) are dropped from reused rows; the steps after
 * this one recompute them over the whole current corpus.
 */
public class ReusePrevious extends PTransform<PCollection<SourceDocument>, PCollectionTuple> {

  public static final TupleTag<DocumentResult> REUSED = new TupleTag<>() {};
  public static final TupleTag<SourceDocument> TO_PARSE = new TupleTag<>() {};
  public static final TupleTag<KV<String, DocumentResult>> PREVIOUS = new TupleTag<>() {};

  private final String previous;
  private final boolean reuse;
  private transient PCollectionView<Map<String, DocumentResult>> view;

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
    PCollection<KV<String, DocumentResult>> previousResults =
        sources
            .getPipeline()
            .apply("ListPrevious", Create.of(previous).withCoder(StringUtf8Coder.of()))
            .apply("ReadPreviousResults", ParDo.of(new ReadPreviousFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), AvroCoder.specific(DocumentResult.class)));
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
    out.get(REUSED).setCoder(AvroCoder.specific(DocumentResult.class));
    out.get(TO_PARSE).setCoder(AvroCoder.specific(SourceDocument.class));
    this.view = byPath;
    return out.and(PREVIOUS, previousResults);
  }

  /** The map of previous results by path, for {@link CompareRuns}; set by {@link #expand}. */
  PCollectionView<Map<String, DocumentResult>> view() {
    return view;
  }

  /**
   * Reads the previous run's documents, failures and findings tables and assembles each path's
   * result, all in one step whose output is one bundle. Joining the tables with a grouping made the
   * Direct runner copy every bucket's grouped rows once per incoming bundle, and the map view built
   * from the join's sixteen output bundles copy its whole contents sixteen times: together a third
   * of an incremental run's CPU at 10,000 documents. The view holds every previous result in memory
   * anyway, so assembling them in memory here costs nothing more.
   */
  static class ReadPreviousFn extends DoFn<String, KV<String, DocumentResult>> {
    @ProcessElement
    public void process(@Element String dir, OutputReceiver<KV<String, DocumentResult>> out)
        throws java.io.IOException {
      TableReader tables = new TableReader(dir);
      Map<String, Document> docs = new TreeMap<>();
      tables.forEach("documents", Document.class, d -> docs.put(d.getSourcePath(), d));
      Map<String, List<Failure>> failures =
          byPath(tables, "failures", Failure.class, Failure::getSourcePath);
      Map<String, List<Finding>> findings =
          byPath(tables, "findings", Finding.class, Finding::getSourcePath);
      docs.forEach(
          (path, d) ->
              out.output(
                  KV.of(
                      path,
                      previousResult(
                          List.of(d),
                          failures.getOrDefault(path, List.of()),
                          findings.getOrDefault(path, List.of())))));
    }
  }

  /** Every row of a previous table, grouped by its source path. */
  private static <T extends org.apache.avro.specific.SpecificRecord> Map<String, List<T>> byPath(
      TableReader tables, String table, Class<T> type, java.util.function.Function<T, String> path)
      throws java.io.IOException {
    Map<String, List<T>> rows = new HashMap<>();
    tables.forEach(
        table, type, row -> rows.computeIfAbsent(path.apply(row), k -> new ArrayList<>()).add(row));
    return rows;
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
