package io.modelfailures.extract;

import java.util.List;

/**
 * One failure as extracted from a document, independent of any record format.
 *
 * <p>Emitted by {@link FailureExtractor}; the pipeline converts it into the Avro {@code Failure}
 * record. Lines are 1-based and inclusive.
 */
public record ExtractedFailure(
    int ordinal,
    String label,
    int number,
    String title,
    String severity,
    String severityRaw,
    String severitySource,
    String sectionSeverity,
    String category,
    String categoryRaw,
    List<String> services,
    String location,
    String rootCause,
    String impact,
    String fix,
    boolean hasFix,
    int lineStart,
    int lineEnd) {}
