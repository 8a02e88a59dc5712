package io.modelfailures.validate;

/**
 * The consistency rules: id, level and what each checks. The README's rule table documents the same
 * catalog; {@code rule_summary} has one row per rule, hits or not.
 */
public enum Rule {
  DECLARED_TOTAL_MISMATCH(
      "declared-total-mismatch", Level.ERROR, "a stated total differs from the failures found"),
  DECLARED_SEVERITY_COUNT_MISMATCH(
      "declared-severity-count-mismatch",
      Level.ERROR,
      "a stated per-severity count differs from the found count for that severity"),
  NUMBERING_GAP("numbering-gap", Level.WARNING, "numbered labels skip a number"),
  NUMBERING_DUPLICATE("numbering-duplicate", Level.WARNING, "a number repeats"),
  NUMBERING_OUT_OF_ORDER("numbering-out-of-order", Level.WARNING, "numbering goes backwards"),
  SEVERITY_CONFLICT(
      "severity-conflict",
      Level.WARNING,
      "an entry's own severity contradicts its section or a cross-reference"),
  SEVERITY_MISSING(
      "severity-missing",
      Level.WARNING,
      "an entry has no severity although others in the document do"),
  FIX_MISSING("fix-missing", Level.INFO, "an entry states no fix"),
  TRAINING_SCORE_MISMATCH(
      "training-score-mismatch",
      Level.WARNING,
      "the declared training score differs from metadata.json training_quality"),
  METADATA_INVALID(
      "metadata-invalid",
      Level.WARNING,
      "metadata.json cannot be parsed, or a field has the wrong type or an unknown value"),
  METADATA_SERVICE_UNMAPPED(
      "metadata-service-unmapped",
      Level.INFO,
      "a metadata aws_services spelling is not in the service catalog"),
  DUPLICATE_DOCUMENT(
      "duplicate-document", Level.INFO, "the same content hash appears at several paths"),
  EMPTY_DOCUMENT(
      "empty-document",
      Level.ERROR,
      "no failures were found and the document does not say there were none"),
  FAILURES_TRUNCATED(
      "failures-truncated",
      Level.WARNING,
      "the document holds more failures than --maxFailuresPerDocument; the rest are dropped");

  /** Finding levels, as written to the tables. */
  public enum Level {
    ERROR,
    WARNING,
    INFO;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final String id;
  private final Level level;
  private final String description;

  Rule(String id, Level level, String description) {
    this.id = id;
    this.level = level;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public Level level() {
    return level;
  }

  public String description() {
    return description;
  }
}
