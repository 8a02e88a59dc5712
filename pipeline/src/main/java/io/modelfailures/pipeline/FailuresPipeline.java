package io.modelfailures.pipeline;

import io.modelfailures.records.Change;
import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentFingerprint;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Drift;
import io.modelfailures.records.Failure;
import io.modelfailures.records.FailurePattern;
import io.modelfailures.records.Finding;
import io.modelfailures.records.Quarantine;
import io.modelfailures.records.RuleSummary;
import io.modelfailures.records.SourceDocument;
import io.modelfailures.records.StatsCorrelation;
import io.modelfailures.records.StatsDocuments;
import io.modelfailures.records.StatsFailures;
import io.modelfailures.records.StatsServices;
import io.modelfailures.records.StatsTrainingValue;
import io.modelfailures.report.ReportWriter;
import io.modelfailures.validate.QualityGate;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline: read documents, parse failures, validate, aggregate, write tables.
 *
 * <p>Consumes {@link FailuresPipelineOptions}; writes the tables described in the README under
 * {@code --output} plus {@code manifest.json}. {@link #main} parses arguments and calls {@link
 * #run}; {@link #build} assembles the same graph into any {@link Pipeline}, for tests.
 */
public final class FailuresPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(FailuresPipeline.class);

  /** Exit statuses of {@code scripts/run.sh}. */
  public static final int EXIT_OK = 0;

  public static final int EXIT_CRASH = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_GATE_FAILED = 3;
  public static final int EXIT_IO = 4;
  public static final int EXIT_LOCKED = 5;

  private FailuresPipeline() {}

  /** Every output table and its explicit schema. */
  static Map<String, Schema> tableSchemas() {
    Map<String, Schema> m = new LinkedHashMap<>();
    m.put("documents", Document.getClassSchema());
    m.put("failures", Failure.getClassSchema());
    m.put("findings", Finding.getClassSchema());
    m.put("quarantine", Quarantine.getClassSchema());
    m.put("stats_documents", StatsDocuments.getClassSchema());
    m.put("stats_failures", StatsFailures.getClassSchema());
    m.put("stats_services", StatsServices.getClassSchema());
    m.put("stats_training_value", StatsTrainingValue.getClassSchema());
    m.put("stats_correlation", StatsCorrelation.getClassSchema());
    m.put("failure_patterns", FailurePattern.getClassSchema());
    m.put("rule_summary", RuleSummary.getClassSchema());
    m.put("changes", Change.getClassSchema());
    m.put("drift", Drift.getClassSchema());
    m.put(PreviousFingerprints.TABLE, DocumentFingerprint.getClassSchema());
    return m;
  }

  static void registerCoders(Pipeline p) {
    CoderRegistry r = p.getCoderRegistry();
    r.registerCoderForClass(SourceDocument.class, AvroCoder.specific(SourceDocument.class));
    r.registerCoderForClass(DocumentResult.class, AvroCoder.specific(DocumentResult.class));
    r.registerCoderForClass(Document.class, AvroCoder.specific(Document.class));
    r.registerCoderForClass(Failure.class, AvroCoder.specific(Failure.class));
    r.registerCoderForClass(Finding.class, AvroCoder.specific(Finding.class));
    r.registerCoderForClass(Quarantine.class, AvroCoder.specific(Quarantine.class));
    r.registerCoderForClass(StatsDocuments.class, AvroCoder.specific(StatsDocuments.class));
    r.registerCoderForClass(StatsFailures.class, AvroCoder.specific(StatsFailures.class));
    r.registerCoderForClass(StatsCorrelation.class, AvroCoder.specific(StatsCorrelation.class));
    r.registerCoderForClass(FailurePattern.class, AvroCoder.specific(FailurePattern.class));
    r.registerCoderForClass(StatsServices.class, AvroCoder.specific(StatsServices.class));
    r.registerCoderForClass(StatsTrainingValue.class, AvroCoder.specific(StatsTrainingValue.class));
    r.registerCoderForClass(RuleSummary.class, AvroCoder.specific(RuleSummary.class));
    r.registerCoderForClass(Change.class, AvroCoder.specific(Change.class));
    r.registerCoderForClass(Drift.class, AvroCoder.specific(Drift.class));
    r.registerCoderForClass(
        DocumentFingerprint.class, AvroCoder.specific(DocumentFingerprint.class));
  }

  /** Assembles the whole graph into {@code p}, writing tables under {@code outputDir}. */
  public static void build(Pipeline p, FailuresPipelineOptions o, String outputDir) {
    registerCoders(p);
    PCollection<FileIO.ReadableFile> files =
        p.apply("ListDocuments", new ListDocuments(o.getInput(), o.getShards()));
    // An incremental run reuses the previous run's MinHash signatures of unchanged contents.
    PCollectionView<Map<String, byte[]>> previousSignatures =
        o.getPrevious().isEmpty()
            ? null
            : p.apply("PreviousFingerprints", new PreviousFingerprints(o.getPrevious()));
    ScanCorpus.Views corpus =
        new ScanCorpus(o.getMaxDocumentBytes(), o.getNearDuplicateThreshold(), previousSignatures)
            .views(files, "ScanCorpus");
    PCollection<SourceDocument> sources =
        files.apply(
            "ReadDocuments",
            new ReadDocuments(o.getMaxDocumentBytes(), o.getMaxMetadataBytes(), corpus.all()));
    PCollection<KV<String, DocumentResult>> previous = null;
    PCollectionView<Map<String, DocumentResult>> previousByPath = null;
    PCollectionTuple parsed;
    PCollection<DocumentResult> results;
    if (o.getPrevious().isEmpty()) {
      parsed =
          sources.apply(
              "ParseFailures",
              new ParseFailures(
                  o.getMaxFailuresPerDocument(),
                  o.getDocumentTimeBudgetMs(),
                  o.getMaxNestingDepth()));
      results = parsed.get(ParseFailures.RESULTS);
    } else {
      String why = PreviousRun.whyNotReusable(o);
      if (why != null) {
        LOG.warn("--previous={}: parsing every document: {}", o.getPrevious(), why);
      }
      ReusePrevious reuse = new ReusePrevious(o.getPrevious(), why == null);
      PCollectionTuple split = sources.apply("ReusePrevious", reuse);
      previous = split.get(ReusePrevious.PREVIOUS);
      previousByPath = reuse.view();
      parsed =
          split
              .get(ReusePrevious.TO_PARSE)
              .apply(
                  "ParseFailures",
                  new ParseFailures(
                      o.getMaxFailuresPerDocument(),
                      o.getDocumentTimeBudgetMs(),
                      o.getMaxNestingDepth()));
      results =
          PCollectionList.of(parsed.get(ParseFailures.RESULTS))
              .and(split.get(ReusePrevious.REUSED))
              .apply("MergeReused", Flatten.pCollections());
    }
    PCollection<DocumentResult> validated =
        results
            .apply("ValidateDocuments", new ValidateDocuments(corpus.repeated()))
            .apply("MarkNearDuplicates", new MarkNearDuplicates(corpus.groups()));
    PCollectionTuple tables = validated.apply("SplitResults", new SplitResults());
    PCollectionTuple stats = validated.apply("AggregateStats", new AggregateStats());
    PCollectionTuple all =
        PCollectionTuple.of(SplitResults.DOCUMENTS, tables.get(SplitResults.DOCUMENTS))
            .and(SplitResults.FAILURES, tables.get(SplitResults.FAILURES))
            .and(SplitResults.FINDINGS, tables.get(SplitResults.FINDINGS))
            .and("quarantine", parsed.get(ParseFailures.DEAD_LETTER))
            .and(PreviousFingerprints.TABLE, corpus.rows());
    PCollectionTuple compared =
        validated.apply(
            "CompareRuns", new CompareRuns(previous, previousByPath, o.getDriftThreshold()));
    all =
        all.and(CompareRuns.CHANGES.getId(), compared.get(CompareRuns.CHANGES))
            .and(CompareRuns.DRIFT.getId(), compared.get(CompareRuns.DRIFT));
    for (Map.Entry<TupleTag<?>, PCollection<?>> e : stats.getAll().entrySet()) {
      all = all.and(e.getKey().getId(), (PCollection<?>) e.getValue());
    }
    all.apply("WriteTables", new WriteTables(outputDir, tableSchemas(), o.getJsonl()));
  }

  public static void main(String[] args) {
    System.exit(mainStatus(args));
  }

  /** Runs with command-line arguments and returns the process exit status. */
  static int mainStatus(String[] args) {
    PipelineOptionsFactory.register(FailuresPipelineOptions.class);
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        PipelineOptionsFactory.printHelp(System.out, FailuresPipelineOptions.class);
        return EXIT_OK;
      }
    }
    FailuresPipelineOptions options;
    try {
      options =
          PipelineOptionsFactory.fromArgs(withRunnerDefaults(args))
              .withValidation()
              .as(FailuresPipelineOptions.class);
    } catch (IllegalArgumentException e) {
      System.err.println("usage error: " + e.getMessage());
      System.err.println("run with --help to list the options");
      return EXIT_USAGE;
    }
    try {
      return run(options);
    } catch (IOException e) {
      LOG.error("I/O failure", e);
      System.err.println("I/O failure: " + e);
      return EXIT_IO;
    }
  }

  /**
   * The Direct runner's immutability and encodability checks are test aids that cost a full graph
   * walk per bundle; a production run turns them off unless the user asks for them.
   */
  static String[] withRunnerDefaults(String[] args) {
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
    boolean direct =
        all.stream().noneMatch(a -> a.startsWith("--runner="))
            || all.stream().anyMatch(a -> a.equals("--runner=DirectRunner"));
    if (direct) {
      if (all.stream().noneMatch(a -> a.startsWith("--enforceImmutability"))) {
        all.add("--enforceImmutability=false");
      }
      if (all.stream().noneMatch(a -> a.startsWith("--enforceEncodability"))) {
        all.add("--enforceEncodability=false");
      }
    }
    return all.toArray(String[]::new);
  }

  /**
   * Draws report.html from the tables just written. A report that cannot be drawn does not fail the
   * run: the tables are the product, and the manifest says what went wrong.
   */
  private static String writeReport(String target, Manifest manifest) {
    try {
      ReportWriter.write(target, "run started " + manifest.content.get("started_at"));
      return "written";
    } catch (IOException | RuntimeException e) {
      LOG.error("report.html not written", e);
      System.err.println("warning: report.html not written: " + e);
      return "failed: " + e;
    }
  }

  /** Runs the pipeline, writes the manifest and publishes the output. Returns the exit status. */
  public static int run(FailuresPipelineOptions options) throws IOException {
    long start = System.currentTimeMillis();
    QualityGate gate = null;
    if (!options.getGate().isEmpty()) {
      try {
        gate =
            QualityGate.parse(
                java.nio.file.Files.readString(java.nio.file.Path.of(options.getGate())));
      } catch (IllegalArgumentException | IOException e) {
        System.err.println("usage error: --gate=" + options.getGate() + ": " + e.getMessage());
        return EXIT_USAGE;
      }
    }
    List<String> missing = ListDocuments.missingLocalInputs(options.getInput());
    if (!missing.isEmpty()) {
      System.err.println("usage error: --input: no such file or directory: " + missing);
      return EXIT_USAGE;
    }
    if (!options.getPrevious().isEmpty() && !PreviousRun.exists(options.getPrevious())) {
      System.err.println(
          "usage error: --previous="
              + options.getPrevious()
              + ": no manifest.json there; is it a run's output?");
      return EXIT_USAGE;
    }
    if (Publisher.isRemote(options.getOutput())) {
      return runLocked(options, gate, start);
    }
    try (RunLock lock = RunLock.acquire(java.nio.file.Path.of(options.getOutput()))) {
      return runLocked(options, gate, start);
    } catch (RunLock.Held e) {
      System.err.println("refused: " + e.getMessage());
      return EXIT_LOCKED;
    }
  }

  private static int runLocked(FailuresPipelineOptions options, QualityGate gate, long start)
      throws IOException {
    Publisher publisher = Publisher.forOutput(options.getOutput(), options.getKeepRuns());
    String target = publisher.prepare();
    Pipeline p = Pipeline.create(options);
    build(p, options, target);
    long built = System.currentTimeMillis();
    PipelineResult result;
    try {
      result = p.run();
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        publisher.abandon();
        System.err.println("pipeline ended in state " + state);
        return EXIT_CRASH;
      }
    } catch (RuntimeException e) {
      publisher.abandon();
      throw e;
    }
    long ran = System.currentTimeMillis();
    Manifest manifest = Manifest.of(options, result, start, built, ran);
    if (!options.getPrevious().isEmpty()) {
      manifest.recordIncremental(options.getPrevious(), PreviousRun.whyNotReusable(options));
    }
    for (String breach : manifest.driftBreaches()) {
      System.err.println("drift: " + breach);
    }
    boolean gatePassed = true;
    if (gate != null) {
      List<QualityGate.Check> checks = gate.evaluate(manifest.runCounts());
      manifest.recordGate(options.getGate(), checks);
      gatePassed = QualityGate.passed(checks);
      for (QualityGate.Check c : checks) {
        if (!c.passed()) {
          System.err.printf(
              "gate failed: %s = %s (limit %s)%n", c.threshold(), c.actual(), c.limit());
        }
      }
    }
    if (options.getReport()) {
      manifest.recordReport(writeReport(target, manifest));
    }
    manifest.write(target);
    // A failed gate still publishes: the tables and manifest are what explain the failure.
    publisher.publish();
    long done = System.currentTimeMillis();
    System.out.println(manifest.summary() + String.format(" in %.1fs", (done - start) / 1000.0));
    return gatePassed ? EXIT_OK : EXIT_GATE_FAILED;
  }
}
