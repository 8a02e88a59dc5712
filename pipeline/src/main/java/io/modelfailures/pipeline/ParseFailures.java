package io.modelfailures.pipeline;

import io.modelfailures.catalog.ServiceCatalog;
import io.modelfailures.extract.Extraction;
import io.modelfailures.extract.FailureExtractor;
import io.modelfailures.extract.Nesting;
import io.modelfailures.extract.TextDecoder;
import io.modelfailures.metadata.MetadataReader;
import io.modelfailures.metadata.TaskMetadata;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Quarantine;
import io.modelfailures.records.SourceDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
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
 * Decodes, parses and checks each document.
 *
 * <p>Consumes {@link SourceDocument}s; emits a {@link PCollectionTuple} with one {@link
 * DocumentResult} per input on {@link #RESULTS} (quarantined inputs included, so that every input
 * has a documents row) and a {@link Quarantine} dead-letter record on {@link #DEAD_LETTER} for each
 * input that could not be read, decoded or parsed. Per-document consistency rules run here, on the
 * extraction; corpus-wide rules run in {@link ValidateDocuments}.
 */
public class ParseFailures extends PTransform<PCollection<SourceDocument>, PCollectionTuple> {

  public static final TupleTag<DocumentResult> RESULTS = new TupleTag<>() {};
  public static final TupleTag<Quarantine> DEAD_LETTER = new TupleTag<>() {};

  /** Default of {@code --documentTimeBudgetMs}. */
  public static final long DEFAULT_TIME_BUDGET_MS = 10_000;

  /** Default of {@code --maxNestingDepth}. */
  public static final int DEFAULT_MAX_NESTING_DEPTH = 1000;

  private final int maxFailuresPerDocument;
  private final long timeBudgetMs;
  private final int maxNestingDepth;

  public ParseFailures(int maxFailuresPerDocument) {
    this(maxFailuresPerDocument, DEFAULT_TIME_BUDGET_MS, DEFAULT_MAX_NESTING_DEPTH);
  }

  public ParseFailures(int maxFailuresPerDocument, long timeBudgetMs, int maxNestingDepth) {
    this.maxFailuresPerDocument = maxFailuresPerDocument;
    this.timeBudgetMs = timeBudgetMs;
    this.maxNestingDepth = maxNestingDepth;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceDocument> docs) {
    return docs.apply(
        "ParseDocument",
        ParDo.of(new ParseDocumentFn(maxFailuresPerDocument, timeBudgetMs, maxNestingDepth))
            .withOutputTags(RESULTS, TupleTagList.of(DEAD_LETTER)));
  }

  /**
   * Parses one document; never throws for a bad document.
   *
   * <p>Extraction runs under a {@link TimeBudget}: a document that uses more than {@code
   * timeBudgetMs} is quarantined ({@code time-budget-exceeded}) and the run goes on. A document
   * nested deeper than {@code maxNestingDepth} is quarantined ({@code nesting-too-deep}) without
   * being parsed. A {@link StackOverflowError} inside extraction quarantines that one document: the
   * extraction's own tree walks are iterative, but CommonMark's are not all, and the error unwinds
   * only the extraction's frames, leaving the worker in a known state. Other errors (e.g. {@link
   * OutOfMemoryError}) are not caught: memory is bounded by the size and nesting limits instead.
   */
  static class ParseDocumentFn extends DoFn<SourceDocument, DocumentResult> {
    private final int maxFailures;
    private final long timeBudgetMs;
    private final int maxNestingDepth;
    private final Counter quarantined =
        Metrics.counter(ParseFailures.class, "documents_quarantined");
    private transient FailureExtractor extractor;
    private transient MetadataReader metadataReader;
    private transient TimeBudget budget;

    ParseDocumentFn(int maxFailures, long timeBudgetMs, int maxNestingDepth) {
      this.maxFailures = maxFailures;
      this.timeBudgetMs = timeBudgetMs;
      this.maxNestingDepth = maxNestingDepth;
    }

    @Setup
    public void setup() {
      // The CommonMark parser is not Serializable: build it on the worker.
      ServiceCatalog catalog = ServiceCatalog.loadDefault();
      extractor = new FailureExtractor(catalog);
      metadataReader = new MetadataReader(catalog);
      budget = new TimeBudget(timeBudgetMs);
    }

    @Teardown
    public void teardown() {
      if (budget != null) {
        budget.close();
      }
    }

    @ProcessElement
    public void process(@Element SourceDocument src, MultiOutputReceiver out) {
      TaskMetadata meta = metadata(src);
      DocumentResult result;
      if (src.getReadError() != null) {
        result =
            Records.quarantined(src, meta, "read", src.getReadErrorClass(), src.getReadError());
      } else {
        result = parse(src, meta);
      }
      if (result.getQuarantine() != null) {
        quarantined.inc();
        out.get(DEAD_LETTER).output(result.getQuarantine());
      }
      out.get(RESULTS).output(result);
    }

    private DocumentResult parse(SourceDocument src, TaskMetadata meta) {
      byte[] bytes = new byte[src.getContent().remaining()];
      src.getContent().duplicate().get(bytes);
      String text;
      try {
        text = TextDecoder.decode(bytes);
      } catch (TextDecoder.DecodeException e) {
        return Records.quarantined(src, meta, "decode", e.getClass().getName(), e.getMessage());
      }
      if (text.isBlank()) {
        return Records.quarantined(
            src,
            meta,
            "decode",
            "EmptyDocument",
            bytes.length == 0 ? "empty file" : "file holds only whitespace");
      }
      int depth = Nesting.deepest(text);
      if (depth > maxNestingDepth) {
        return Records.quarantined(
            src,
            meta,
            "parse",
            "NestingTooDeep",
            "nesting-too-deep: a line opens "
                + depth
                + " nested block quotes or list items, above --maxNestingDepth="
                + maxNestingDepth);
      }
      Extraction x;
      try {
        x = budget.call(() -> extractor.extract(text));
      } catch (TimeBudget.Exceeded e) {
        return Records.quarantined(
            src,
            meta,
            "parse",
            "TimeBudgetExceeded",
            "time-budget-exceeded: extraction used more than --documentTimeBudgetMs="
                + timeBudgetMs
                + (budget.countsCpuTime() ? " ms of CPU time" : " ms"));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException || cause instanceof StackOverflowError) {
          // One pathological document must never stop the run. (Memory is bounded by the size
          // limits instead: catching OutOfMemoryError would leave the worker in an unknown state.)
          return Records.quarantined(
              src, meta, "parse", cause.getClass().getName(), String.valueOf(cause.getMessage()));
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while parsing " + src.getSourcePath(), e);
      }
      return Records.parsed(src, meta, x, maxFailures);
    }

    private TaskMetadata metadata(SourceDocument src) {
      TaskMetadata meta = metadataReader.read(src.getMetadataJson(), src.getSourcePath());
      if (src.getMetadataError() == null) {
        return meta;
      }
      List<TaskMetadata.Problem> problems = new ArrayList<>(meta.problems());
      problems.add(
          new TaskMetadata.Problem("metadata.json", "a readable file", src.getMetadataError()));
      return new TaskMetadata(
          meta.platform(),
          meta.language(),
          meta.complexity(),
          meta.subtask(),
          meta.services(),
          meta.unmappedServices(),
          meta.trainingQuality(),
          meta.trainingQualityRaw(),
          problems);
    }
  }
}
