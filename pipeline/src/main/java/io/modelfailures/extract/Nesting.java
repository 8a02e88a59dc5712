package io.modelfailures.extract;

/**
 * Measures how deeply a document nests block containers, before it is parsed.
 *
 * <p>CommonMark builds one node per block quote marker and per list marker that opens a container,
 * and its block parser revisits every open container for each line: a single line of 100,000 list
 * markers ({@code "- - - … x"}) takes seconds, and a 10 MB line of {@code >} took 1.9 GB of heap.
 * Written documents nest a handful of levels, so the pipeline refuses a document whose nesting is
 * beyond its limit instead of parsing it. The count is an upper bound on what CommonMark opens:
 * each line's leading run of {@code >}, bullet markers ({@code - + *} followed by a space) and
 * ordered markers ({@code 1.} or {@code 1)} followed by a space), whatever the indentation.
 */
public final class Nesting {

  private Nesting() {}

  /** The largest number of container markers that any line of {@code text} starts with. */
  public static int deepest(String text) {
    int deepest = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      int depth = 0;
      while (true) {
        while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
          i++;
        }
        if (i >= n) {
          break;
        }
        char c = text.charAt(i);
        if (c == '>') {
          depth++;
          i++;
        } else if ((c == '-' || c == '+' || c == '*') && spaceOrEnd(text, i + 1)) {
          depth++;
          i++;
        } else if (c >= '0' && c <= '9') {
          int j = i;
          while (j < n && j - i < 9 && text.charAt(j) >= '0' && text.charAt(j) <= '9') {
            j++;
          }
          if (j < n
              && (text.charAt(j) == '.' || text.charAt(j) == ')')
              && spaceOrEnd(text, j + 1)) {
            depth++;
            i = j + 1;
          } else {
            break;
          }
        } else {
          break;
        }
      }
      deepest = Math.max(deepest, depth);
      // On to the next line.
      while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
        i++;
      }
      i++;
    }
    return deepest;
  }

  private static boolean spaceOrEnd(String text, int i) {
    if (i >= text.length()) {
      return true;
    }
    char c = text.charAt(i);
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
