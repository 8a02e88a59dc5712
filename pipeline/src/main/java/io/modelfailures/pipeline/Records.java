package io.modelfailures.pipeline;

import io.modelfailures.extract.ExtractedFailure;
import io.modelfailures.extract.Extraction;
import io.modelfailures.extract.FailureExtractor;
import io.modelfailures.metadata.TaskMetadata;
import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Failure;
import io.modelfailures.records.Finding;
import io.modelfailures.records.Quarantine;
import io.modelfailures.records.SourceDocument;
import io.modelfailures.stats.TrainingValue;
import io.modelfailures.validate.DocumentValidator;
import io.modelfailures.validate.Hit;
import io.modelfailures.validate.Rule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Avro records of one document from what extraction and validation found.
 *
 * <p>Consumes a {@link SourceDocument}, its {@link TaskMetadata}, its {@link Extraction} and rule
 * {@link Hit}s; emits a {@link DocumentResult}. Holds the record-level decisions: the failure id,
 * the document status and the truncation limit.
 */
final class Records {

  /** Version of the table schemas in {@code schemas/}. */
  static final String SCHEMA_VERSION = "3";

  static final String PARSED = "parsed";
  static final String PARTIAL = "partial";
  static final String QUARANTINED = "quarantined";

  private Records() {}

  /** Stable failure id: the first 32 hex characters of sha256(doc_id + "#" + ordinal). */
  static String failureId(String docId, int ordinal) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] d = sha.digest((docId + "#" + ordinal).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static DocumentResult parsed(
      SourceDocument src, TaskMetadata meta, Extraction x, int maxFailures) {
    String docId = src.getDocId();
    String path = src.getSourcePath();
    List<ExtractedFailure> kept = x.failures();
    List<Hit> hits = new ArrayList<>(DocumentValidator.validate(x, meta));
    if (kept.size() > maxFailures) {
      hits.add(
          new Hit(
              Rule.FAILURES_TRUNCATED,
              "document lists " + kept.size() + " failures; kept the first " + maxFailures,
              kept.get(maxFailures).lineStart(),
              String.valueOf(maxFailures),
              String.valueOf(kept.size())));
      kept = kept.subList(0, maxFailures);
    }
    List<Failure> failures = new ArrayList<>();
    for (ExtractedFailure f : kept) {
      failures.add(
          Failure.newBuilder()
              .setFailureId(failureId(docId, f.ordinal()))
              .setDocId(docId)
              .setSourcePath(path)
              .setOrdinal(f.ordinal())
              .setPlatform(meta.platform())
              .setLanguage(meta.language())
              .setLabel(f.label())
              .setTitle(f.title())
              .setSeverity(f.severity())
              .setSeverityRaw(f.severityRaw())
              .setSeveritySource(f.severitySource())
              .setCategory(f.category())
              .setCategoryRaw(f.categoryRaw())
              .setServices(f.services())
              .setLocation(f.location())
              .setRootCause(f.rootCause())
              .setImpact(f.impact())
              .setFix(f.fix())
              .setHasFix(f.hasFix())
              .setLineStart(f.lineStart())
              .setLineEnd(f.lineEnd())
              .build());
    }
    List<Finding> findings = new ArrayList<>();
    for (Hit h : hits) {
      findings.add(finding(docId, path, h));
    }
    Map<String, Integer> declared =
        x.declaredCounts().isEmpty() ? null : new LinkedHashMap<>(x.declaredCounts());
    Document doc =
        base(src, meta)
            .setStatus(DocumentValidator.hasError(hits) ? PARTIAL : PARSED)
            .setLayout(x.layout())
            .setFailureCount(failures.size())
            .setNoFailuresStated(x.noFailuresStated())
            .setDeclaredTotal(x.declaredTotal())
            .setDeclaredCounts(declared)
            .setDeclaredTrainingScore(x.declaredTrainingScore())
            .build();
    countFindings(doc, findings);
    score(doc, failures);
    return DocumentResult.newBuilder()
        .setDocument(doc)
        .setFailures(failures)
        .setFindings(findings)
        .setQuarantine(null)
        .build();
  }

  static DocumentResult quarantined(
      SourceDocument src, TaskMetadata meta, String stage, String errorClass, String message) {
    Quarantine q =
        Quarantine.newBuilder()
            .setSourcePath(src.getSourcePath())
            .setDocId(src.getDocId())
            .setStage(stage)
            .setErrorClass(errorClass)
            .setMessage(message == null ? errorClass : message)
            .build();
    List<Finding> findings = new ArrayList<>();
    for (TaskMetadata.Problem p : meta.problems()) {
      findings.add(
          finding(
              src.getDocId(),
              src.getSourcePath(),
              new Hit(
                  Rule.METADATA_INVALID,
                  "metadata.json "
                      + p.field()
                      + ": expected "
                      + p.expected()
                      + ", found "
                      + p.actual(),
                  null,
                  p.expected(),
                  p.actual())));
    }
    Document doc =
        base(src, meta)
            .setStatus(QUARANTINED)
            .setLayout(null)
            .setFailureCount(0)
            .setQuarantineReason(stage + ": " + q.getMessage())
            .build();
    countFindings(doc, findings);
    return DocumentResult.newBuilder()
        .setDocument(doc)
        .setFailures(List.of())
        .setFindings(findings)
        .setQuarantine(q)
        .build();
  }

  private static Document.Builder base(SourceDocument src, TaskMetadata meta) {
    return Document.newBuilder()
        .setDocId(src.getDocId())
        .setSourcePath(src.getSourcePath())
        .setTaskId(taskId(src.getSourcePath()))
        .setPlatform(meta.platform())
        .setLanguage(meta.language())
        .setComplexity(meta.complexity())
        .setSubtask(meta.subtask())
        .setSizeBytes(src.getSizeBytes())
        .setMetadataTrainingQuality(meta.trainingQuality())
        .setMetadataTrainingQualityRaw(meta.trainingQualityRaw())
        .setMetadataServices(meta.services())
        .setMetadataSha256(metadataSha256(src))
        .setParserVersion(FailureExtractor.PARSER_VERSION)
        .setSchemaVersion(SCHEMA_VERSION);
  }

  /**
   * sha256 of the metadata.json text as read; of a marker when it is absent or unreadable, so that
   * an incremental run sees those changes too.
   */
  static String metadataSha256(SourceDocument src) {
    String basis =
        src.getMetadataJson() != null
            ? src.getMetadataJson()
            : src.getMetadataError() != null
                ? "\u0000error: " + src.getMetadataError()
                : "\u0000absent";
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(basis.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void countFindings(Document doc, List<Finding> findings) {
    int errors = 0;
    int warnings = 0;
    for (Finding f : findings) {
      errors += "error".equals(f.getLevel()) ? 1 : 0;
      warnings += "warning".equals(f.getLevel()) ? 1 : 0;
    }
    doc.setErrorFindings(errors);
    doc.setWarningFindings(warnings);
  }

  /** Sets the document's training_value and its components from its failures and error count. */
  static void score(Document doc, List<Failure> failures) {
    TrainingValue tv = new TrainingValue();
    for (Failure f : failures) {
      tv.add(f.getSeverity(), f.getServices(), f.getCategory(), f.getHasFix());
    }
    TrainingValue.Score s = tv.score(doc.getErrorFindings());
    doc.setTrainingValue(s.value());
    doc.setSeverityWeightedFailures(s.severityWeighted());
    doc.setDistinctServices(s.distinctServices());
    doc.setDistinctCategories(s.distinctCategories());
    doc.setFixCoverage(s.fixCoverage());
  }

  static Finding finding(String docId, String path, Hit h) {
    return Finding.newBuilder()
        .setDocId(docId)
        .setSourcePath(path)
        .setRule(h.rule().id())
        .setLevel(h.rule().level().label())
        .setMessage(h.message())
        .setLine(h.line() == null || h.line() <= 0 ? null : h.line())
        .setExpected(h.expected())
        .setActual(h.actual())
        .build();
  }

  /** "…/cdk-ts/Pr123/lib/MODEL_FAILURES.md" -> "cdk-ts/Pr123": the task folder and its parent. */
  static String taskId(String path) {
    String meta = ReadDocuments.metadataPath(path);
    String task = meta.substring(0, meta.length() - "/metadata.json".length());
    String[] parts = task.replace('\\', '/').split("/");
    if (parts.length >= 2) {
      return parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }
    return parts.length == 1 && !parts[0].isEmpty() ? parts[0] : null;
  }
}
