package io.modelfailures.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * A heading and everything under it: the node of the document's section tree.
 *
 * <p>Built by {@link #tree(List)} from the flat {@link Block} list; consumed by {@link
 * EntryDetector}. The root section has level 0 and no heading.
 */
final class Section {
  final Block heading;
  final int level;

  /** Index of the first block after the heading, and one past the last block in scope. */
  final int from;

  int to;

  /** Index one past the section's own blocks (those before its first child heading). */
  int ownTo;

  final List<Section> children = new ArrayList<>();

  Section(Block heading, int level, int from) {
    this.heading = heading;
    this.level = level;
    this.from = from;
  }

  String title() {
    return heading == null ? "" : heading.text.replace('\n', ' ').trim();
  }

  static Section tree(List<Block> blocks) {
    Section root = new Section(null, 0, 0);
    List<Section> stack = new ArrayList<>();
    stack.add(root);
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      // Headings nested in list items or quotes are rare and not section boundaries.
      if (b.kind != Block.Kind.HEADING || b.listDepth > 0) {
        continue;
      }
      while (stack.size() > 1 && stack.get(stack.size() - 1).level >= b.level) {
        stack.remove(stack.size() - 1).to = i;
      }
      Section parent = stack.get(stack.size() - 1);
      if (parent.children.isEmpty()) {
        parent.ownTo = i;
      }
      Section s = new Section(b, b.level, i + 1);
      parent.children.add(s);
      stack.add(s);
    }
    for (Section s : stack) {
      s.to = blocks.size();
    }
    fixOwn(root);
    return root;
  }

  private static void fixOwn(Section s) {
    if (s.children.isEmpty()) {
      s.ownTo = s.to;
    }
    for (Section c : s.children) {
      fixOwn(c);
    }
  }
}
