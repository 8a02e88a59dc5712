package io.modelfailures.extract;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;

/**
 * Flattens a CommonMark AST into a list of {@link Block}s in document order.
 *
 * <p>Consumes a parsed {@link Node} (built with block source spans) and a line offset; emits blocks
 * whose line numbers are 1-based in the original file. Iterative, not recursive, over the block
 * tree so that pathological nesting cannot overflow the stack.
 */
final class OutlineBuilder {

  private final int lineOffset;
  private final List<Block> blocks = new ArrayList<>();

  private OutlineBuilder(int lineOffset) {
    this.lineOffset = lineOffset;
  }

  static List<Block> build(Node document, int lineOffset) {
    OutlineBuilder b = new OutlineBuilder(lineOffset);
    b.walk(document);
    return b.blocks;
  }

  private record Frame(Node node, int listDepth) {}

  private void walk(Node root) {
    // Explicit stack: children are pushed in reverse so they pop in document order.
    ArrayList<Frame> stack = new ArrayList<>();
    pushChildren(stack, root, 0);
    while (!stack.isEmpty()) {
      Cancellation.check();
      Frame f = stack.remove(stack.size() - 1);
      Node n = f.node();
      int depth = f.listDepth();
      if (n instanceof Heading h) {
        add(Block.Kind.HEADING, h.getLevel(), n, inlineText(n), null, -1, false, null, depth);
      } else if (n instanceof Paragraph) {
        add(Block.Kind.PARAGRAPH, 0, n, inlineText(n), strongLead(n), -1, false, null, depth);
      } else if (n instanceof ListItem item) {
        Node first = item.getFirstChild();
        String text = first instanceof Paragraph ? inlineText(first) : "";
        String lead = first instanceof Paragraph ? strongLead(first) : null;
        boolean ordered = item.getParent() instanceof OrderedList;
        int number = ordered ? itemNumber(item) : -1;
        add(Block.Kind.LIST_ITEM, depth, n, text, lead, number, ordered, null, depth);
        // The first paragraph is the item's own text; its other children are its body.
        Node start = first instanceof Paragraph ? first.getNext() : first;
        pushSiblings(stack, start, depth + 1);
      } else if (n instanceof BulletList || n instanceof OrderedList || n instanceof BlockQuote) {
        pushChildren(stack, n, depth);
      } else if (n instanceof FencedCodeBlock fc) {
        add(
            Block.Kind.CODE,
            0,
            n,
            fc.getInfo() + "\n" + fc.getLiteral(),
            null,
            -1,
            false,
            null,
            depth);
      } else if (n instanceof IndentedCodeBlock ic) {
        add(Block.Kind.CODE, 0, n, "\n" + ic.getLiteral(), null, -1, false, null, depth);
      } else if (n instanceof TableBlock) {
        addTable(n, depth);
      } else if (n instanceof CustomBlock) {
        pushChildren(stack, n, depth);
      } else {
        add(Block.Kind.OTHER, 0, n, "", null, -1, false, null, depth);
      }
    }
  }

  private static void pushChildren(ArrayList<Frame> stack, Node parent, int depth) {
    pushSiblings(stack, parent.getFirstChild(), depth);
  }

  private static void pushSiblings(ArrayList<Frame> stack, Node first, int depth) {
    int mark = stack.size();
    for (Node c = first; c != null; c = c.getNext()) {
      stack.add(new Frame(c, depth));
    }
    // Reverse the freshly added range in place.
    for (int i = mark, j = stack.size() - 1; i < j; i++, j--) {
      Frame t = stack.get(i);
      stack.set(i, stack.get(j));
      stack.set(j, t);
    }
  }

  private static int itemNumber(ListItem item) {
    OrderedList list = (OrderedList) item.getParent();
    int n = list.getMarkerStartNumber() == null ? 1 : list.getMarkerStartNumber();
    for (Node c = list.getFirstChild(); c != null && c != item; c = c.getNext()) {
      n++;
    }
    return n;
  }

  private void addTable(Node table, int depth) {
    for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
      boolean head = section instanceof TableHead;
      for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
        if (!(row instanceof TableRow)) {
          continue;
        }
        List<String> cells = new ArrayList<>();
        for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
          if (cell instanceof TableCell) {
            cells.add(inlineText(cell).trim());
          }
        }
        Block.Kind kind = head ? Block.Kind.TABLE_HEADER : Block.Kind.TABLE_ROW;
        int[] lines = lines(row.getSourceSpans().isEmpty() ? table : row);
        blocks.add(
            new Block(
                kind,
                0,
                lines[0],
                lines[1],
                String.join(" | ", cells),
                null,
                -1,
                false,
                cells,
                depth));
      }
    }
  }

  private void add(
      Block.Kind kind,
      int level,
      Node n,
      String text,
      String lead,
      int number,
      boolean ordered,
      List<String> cells,
      int depth) {
    int[] lines = lines(n);
    blocks.add(
        new Block(kind, level, lines[0], lines[1], text, lead, number, ordered, cells, depth));
  }

  private int[] lines(Node n) {
    List<SourceSpan> spans = n.getSourceSpans();
    if (spans == null || spans.isEmpty()) {
      int last = blocks.isEmpty() ? 1 : blocks.get(blocks.size() - 1).lineEnd;
      return new int[] {last, last};
    }
    int first = spans.get(0).getLineIndex();
    int lastLine = spans.get(spans.size() - 1).getLineIndex();
    return new int[] {first + 1 + lineOffset, lastLine + 1 + lineOffset};
  }

  /** The bold text a paragraph starts with, if it starts with a bold span. */
  private static String strongLead(Node paragraph) {
    Node first = paragraph.getFirstChild();
    // Allow a leading emoji or marker in plain text before the bold span ("❌ **Title**").
    if (first instanceof Text t
        && t.getLiteral().strip().length() <= 3
        && first.getNext() != null) {
      first = first.getNext();
    }
    if (first instanceof StrongEmphasis || first instanceof Emphasis) {
      return inlineText(first).trim();
    }
    return null;
  }

  /** Concatenated inline text of a node, without Markdown markers. */
  static String inlineText(Node node) {
    StringBuilder sb = new StringBuilder();
    ArrayList<Node> stack = new ArrayList<>();
    for (Node c = node.getLastChild(); c != null; c = c.getPrevious()) {
      stack.add(c);
    }
    while (!stack.isEmpty()) {
      Node n = stack.remove(stack.size() - 1);
      if (n instanceof Text t) {
        sb.append(t.getLiteral());
      } else if (n instanceof Code c) {
        sb.append(c.getLiteral());
      } else if (n instanceof SoftLineBreak || n instanceof HardLineBreak) {
        sb.append('\n');
      } else if (n instanceof HtmlInline h) {
        // Inline HTML such as <br> separates text; keep a space rather than the tag.
        sb.append(' ');
      } else {
        for (Node c = n.getLastChild(); c != null; c = c.getPrevious()) {
          stack.add(c);
        }
      }
    }
    return sb.toString();
  }
}
