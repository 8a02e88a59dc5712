package io.modelfailures.extract;

import java.util.List;

/**
 * One structural block of a Markdown document, flattened in document order.
 *
 * <p>Produced by {@link OutlineBuilder} from the CommonMark AST; consumed by {@link EntryDetector}.
 * Lines are 1-based and refer to the original file, even when the document was unwrapped from a
 * fence.
 */
public final class Block {

  /** What kind of Markdown construct the block came from. */
  public enum Kind {
    HEADING,
    PARAGRAPH,
    LIST_ITEM,
    TABLE_HEADER,
    TABLE_ROW,
    CODE,
    OTHER
  }

  final Kind kind;

  /** Heading level (1-6) for headings; nesting depth (0 = top level) for list items. */
  final int level;

  final int lineStart;
  final int lineEnd;

  /** Plain inline text, emphasis markers removed; soft line breaks kept as '\n'. */
  final String text;

  /** For paragraphs and list items: the text of a leading bold span, or null. */
  final String strongLead;

  /** For ordered list items: the item's number, else -1. */
  final int number;

  final boolean ordered;

  /** For table rows and headers: the cell texts. */
  final List<String> cells;

  /** Depth of enclosing list items (0 when the block is not inside a list item). */
  final int listDepth;

  Block(
      Kind kind,
      int level,
      int lineStart,
      int lineEnd,
      String text,
      String strongLead,
      int number,
      boolean ordered,
      List<String> cells,
      int listDepth) {
    this.kind = kind;
    this.level = level;
    this.lineStart = lineStart;
    this.lineEnd = Math.max(lineStart, lineEnd);
    this.text = text == null ? "" : text;
    this.strongLead = strongLead;
    this.number = number;
    this.ordered = ordered;
    this.cells = cells == null ? List.of() : cells;
    this.listDepth = listDepth;
  }

  /** The first line of the block's text, trimmed. */
  String firstLine() {
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).trim();
  }

  @Override
  public String toString() {
    return kind + "@" + lineStart + "-" + lineEnd + "[" + level + "]" + firstLine();
  }
}
