package io.modelfailures.extract;

import java.util.List;

/**
 * A failure entry located in a document, before its fields are read.
 *
 * <p>Produced by {@link EntryDetector}; consumed by {@link FailureExtractor}, which reads the
 * entry's lines into a {@link ExtractedFailure}.
 */
final class Entry {

  /** The structure the entry was found in. */
  enum Source {
    HEADING,
    BOLD_LABEL,
    LIST_ITEM,
    TABLE_ROW,
    TEXT_LINE
  }

  final Source source;
  final int lineStart;
  int lineEnd;
  final TitleParser.ParsedTitle title;

  /** Severity given by the enclosing section heading, if any. */
  final Severity sectionSeverity;

  final String sectionSeverityRaw;

  /** Category given by the enclosing group heading, if any. */
  final String sectionCategory;

  /** For table rows: header cells and the row's cells. */
  final List<String> header;

  final List<String> cells;

  /** True when the entry sits in a section that names failures explicitly. */
  final boolean inFailureSection;

  Entry(
      Source source,
      int lineStart,
      int lineEnd,
      TitleParser.ParsedTitle title,
      Severity sectionSeverity,
      String sectionSeverityRaw,
      String sectionCategory,
      List<String> header,
      List<String> cells,
      boolean inFailureSection) {
    this.source = source;
    this.lineStart = lineStart;
    this.lineEnd = Math.max(lineStart, lineEnd);
    this.title = title;
    this.sectionSeverity = sectionSeverity;
    this.sectionSeverityRaw = sectionSeverityRaw;
    this.sectionCategory = sectionCategory;
    this.header = header == null ? List.of() : header;
    this.cells = cells == null ? List.of() : cells;
    this.inFailureSection = inFailureSection;
  }

  @Override
  public String toString() {
    return source + "@" + lineStart + "-" + lineEnd + " " + title.title();
  }
}
