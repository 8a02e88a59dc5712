package io.modelfailures.catalog;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds catalogued services in free text with one pass over the text and a character trie of every
 * name, resource-type prefix and code spelling.
 *
 * <p>Consumes the catalog's services once; then consumes texts and emits canonical names in order
 * of first mention. A single trie walk per word start replaces a regex per alias, so the cost is
 * linear in the text length whatever the catalog size, and nothing can backtrack catastrophically.
 */
final class ServiceMatcher {

  /** How the end of a match is checked, and how far the match then reaches. */
  private enum End {
    /** A name: must end on a word boundary (a camel-case hump or a plural "s" counts). */
    WORD,
    /** A code namespace ("s3.", "logs:", "aws_config_"): a name must follow; it is consumed. */
    NAMESPACE,
    /** A resource-type prefix ("AWS::S3::", "aws_s3_"): the rest of the type is consumed. */
    TYPE
  }

  private record Entry(String canonical, String pattern, boolean cased, End end, int rank) {}

  /** A trie node; children are kept in small parallel arrays (most nodes have one or two). */
  private static final class Node {
    char[] labels = new char[0];
    Node[] children = new Node[0];
    Entry[] entries = new Entry[0];

    Node child(char c) {
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          return children[i];
        }
      }
      return null;
    }

    Node childOrCreate(char c) {
      Node n = child(c);
      if (n == null) {
        n = new Node();
        labels = Arrays.copyOf(labels, labels.length + 1);
        children = Arrays.copyOf(children, children.length + 1);
        labels[labels.length - 1] = c;
        children[children.length - 1] = n;
      }
      return n;
    }
  }

  // Python's "lambda x: ..." is not AWS Lambda; a colon, then code on the same line, gives it away.
  private static final Pattern PYTHON_LAMBDA =
      Pattern.compile(
          "(?:[ \\t]+\\*{0,2}[A-Za-z_]\\w*(?:[ \\t]*,[ \\t]*\\*{0,2}[A-Za-z_]\\w*)*)?[ \\t]*:[ \\t]+\\S");

  private final Node root = new Node();

  ServiceMatcher(List<ServiceCatalog.Service> services) {
    // Which service owns each trie key; a key claimed twice is a catalog bug worth failing on.
    Map<String, String> owners = new HashMap<>();
    int rank = 0;
    for (ServiceCatalog.Service s : services) {
      for (String alias : s.aliases()) {
        addName(owners, s.name(), alias, false, rank++);
      }
      for (String alias : s.cased()) {
        addName(owners, s.name(), alias, true, rank++);
      }
      for (String prefix : s.cloudformation()) {
        add(owners, s.name(), prefix, true, End.TYPE, rank++);
      }
      for (String prefix : s.terraform()) {
        add(owners, s.name(), prefix, true, End.TYPE, rank++);
      }
      for (String code : s.code()) {
        char last = code.charAt(code.length() - 1);
        End end = last == '.' || last == ':' || last == '_' ? End.NAMESPACE : End.WORD;
        add(owners, s.name(), code, true, end, rank++);
      }
    }
  }

  /** Adds a name with its words separated by a space (any separator run) and joined together. */
  private void addName(
      Map<String, String> owners, String canonical, String name, boolean cased, int rank) {
    String spaced = name.replaceAll("[\\s_-]+", " ").strip();
    add(owners, canonical, spaced, cased, End.WORD, rank);
    if (spaced.indexOf(' ') >= 0) {
      add(owners, canonical, spaced.replace(" ", ""), cased, End.WORD, rank);
    }
  }

  private void add(
      Map<String, String> owners,
      String canonical,
      String pattern,
      boolean cased,
      End end,
      int rank) {
    String key = pattern.toLowerCase(Locale.ROOT);
    String previous = owners.putIfAbsent(key, canonical);
    if (previous != null && !previous.equals(canonical)) {
      throw new IllegalArgumentException(
          "catalog spelling '" + pattern + "' claimed by " + previous + " and " + canonical);
    }
    Node node = root;
    for (int i = 0; i < key.length(); i++) {
      node = node.childOrCreate(key.charAt(i));
    }
    node.entries = Arrays.copyOf(node.entries, node.entries.length + 1);
    node.entries[node.entries.length - 1] = new Entry(canonical, pattern, cased, end, rank);
  }

  /** Returns canonical names mentioned in {@code text}, each once, in order of first mention. */
  List<String> find(String text) {
    Set<String> found = new LinkedHashSet<>();
    Walk walk = new Walk();
    int i = 0;
    int n = text.length();
    while (i < n) {
      if (Words.isStart(text, i) && walk.longestAt(text, i)) {
        String canonical = walk.best.canonical();
        int keyEnd = walk.bestKeyEnd;
        int end = walk.bestEnd;
        // After "AWS"/"Amazon" a longer name may start: "AWS IAM Access Analyzer" is not the
        // alias "AWS IAM", "Amazon Kinesis Data Firehose" not "Amazon Kinesis".
        int next = Words.afterVendor(text, i);
        if (next > 0 && walk.longestAt(text, next) && walk.bestKeyEnd > keyEnd) {
          canonical = walk.best.canonical();
          end = walk.bestEnd;
        }
        found.add(canonical);
        // Resume after the whole match so that "aws_s3_bucket" does not also yield its "bucket".
        i = Math.max(i + 1, end);
      } else {
        i++;
      }
    }
    return List.copyOf(found);
  }

  /**
   * The state of one scan: a small stack for the trie walk and the best match at the current start.
   * One per {@link #find} call, so the matcher itself stays immutable and thread-safe.
   */
  private final class Walk {
    private Node[] nodes = new Node[4];
    private int[] positions = new int[4];
    private Entry best;
    private int bestKeyEnd;
    private int bestEnd;

    /**
     * Walks the trie from {@code start} and keeps the longest accepted match; returns whether there
     * was one. The walk only branches where a separator in the text can be either a literal '-'/'_'
     * of a code spelling or the gap between the words of a name, so it stays shallow.
     *
     * <p>A match that starts at a camel-case hump inside an identifier stays inside it: the
     * "Launch" of "mapPublicIpOnLaunch Configuration" does not start "launch configuration".
     */
    boolean longestAt(String text, int start) {
      boolean inIdentifier = start > 0 && Character.isLetterOrDigit(text.charAt(start - 1));
      int top = 0;
      nodes[top] = root;
      positions[top++] = start;
      bestKeyEnd = -1;
      best = null;
      while (top > 0) {
        Node node = nodes[--top];
        int pos = positions[top];
        while (node != null) {
          for (Entry e : node.entries) {
            int end = accept(e, text, start, pos);
            // Longest key wins; on a tie the entry listed first in the catalog.
            if (end >= 0 && (pos > bestKeyEnd || (pos == bestKeyEnd && e.rank() < best.rank()))) {
              bestKeyEnd = pos;
              bestEnd = end;
              best = e;
            }
          }
          if (pos >= text.length()) {
            break;
          }
          char c = text.charAt(pos);
          if (!Words.isSeparator(c)) {
            node = node.child(Character.toLowerCase(c));
            pos++;
            continue;
          }
          Node literal = c == '_' || c == '-' ? node.child(c) : null;
          Node gap = inIdentifier ? null : node.child(' ');
          if (literal != null && gap != null) {
            if (top == nodes.length) {
              nodes = Arrays.copyOf(nodes, top * 2);
              positions = Arrays.copyOf(positions, top * 2);
            }
            nodes[top] = literal;
            positions[top++] = pos + 1;
          }
          if (gap != null) {
            node = gap;
            pos = Words.skipSeparators(text, pos);
          } else {
            node = literal;
            pos++;
          }
        }
      }
      return best != null;
    }
  }

  /** Returns where an entry whose key spans [start, keyEnd) lets the match end, or -1. */
  private static int accept(Entry e, String text, int start, int keyEnd) {
    if (e.cased() && !capitalsMatch(e.pattern(), text, start)) {
      return -1;
    }
    int n = text.length();
    switch (e.end()) {
      case TYPE:
        return Words.skipIdentifier(text, keyEnd);
      case NAMESPACE:
        if (keyEnd >= n) {
          return -1;
        }
        char next = text.charAt(keyEnd);
        boolean ok =
            e.pattern().endsWith(".")
                ? Character.isUpperCase(next)
                : Character.isLetterOrDigit(next) || next == '*';
        return ok ? Words.skipIdentifier(text, keyEnd) : -1;
      default:
        break;
    }
    char last = text.charAt(keyEnd - 1);
    if (!Character.isLetterOrDigit(last)) {
      return keyEnd;
    }
    if (e.canonical().equals("Lambda") && isPythonLambda(text, start, keyEnd)) {
      return -1;
    }
    if (Words.isWordEnd(text, keyEnd)) {
      return keyEnd;
    }
    // Plurals: "VPCs", "Lambdas", "subnets", "Config rules".
    boolean plural =
        Character.isLetter(last)
            && Character.toLowerCase(last) != 's'
            && (text.charAt(keyEnd) == 's' || text.charAt(keyEnd) == 'S')
            && Words.isWordEnd(text, keyEnd + 1);
    return plural ? keyEnd + 1 : -1;
  }

  /** True when every capital letter of the pattern is a capital in the text too. */
  private static boolean capitalsMatch(String pattern, String text, int start) {
    int t = start;
    for (int p = 0; p < pattern.length(); p++) {
      char pc = pattern.charAt(p);
      if (pc == ' ') {
        t = Words.skipSeparators(text, t);
        continue;
      }
      if (Character.isUpperCase(pc) && text.charAt(t) != pc) {
        return false;
      }
      t++;
    }
    return true;
  }

  private static boolean isPythonLambda(String text, int start, int end) {
    if (!text.startsWith("lambda", start) || end - start != 6) {
      return false;
    }
    Matcher m = PYTHON_LAMBDA.matcher(text).region(end, Math.min(text.length(), end + 200));
    return m.lookingAt();
  }
}
