package io.modelfailures.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the labelled fields of one entry: "**Severity**: CRITICAL", "**Category**: ...", "**Fix
 * Applied**:", "### How we fixed it", and so on.
 *
 * <p>Consumes the entry's source lines; emits a {@link Fields} value. Works on lines rather than
 * the AST because authors put several fields in one paragraph, in list items and in headings, and a
 * line-level reader treats all of them alike.
 */
final class FieldReader {

  private FieldReader() {}

  // "**Name**: value", "**Name:** value", "- **Name**: value", "Name: value", "### Name".
  private static final Pattern FIELD_LINE =
      Pattern.compile(
          "^\\s*(?:[-*+]\\s+|\\d+[.)]\\s+)?(?:#{1,6}\\s+)?[*_]{0,3}\\s*"
              + "([A-Za-z][A-Za-z0-9 _/'’().&-]{0,48}?)\\s*[*_]{0,3}\\s*(?:[:：]|[*_]{2,3}\\s*[:：]|$)"
              + "[*_]{0,3}\\s*(.*)$");

  /** {@link #FIELD_LINE} matched against the whole line, or null when it does not match. */
  private static Matcher fieldLine(String line) {
    if (!mayBeFieldLine(line)) {
      return null;
    }
    Matcher m = FIELD_LINE.matcher(line);
    return m.matches() ? m : null;
  }

  /**
   * False when {@link #FIELD_LINE} cannot match, found without running it (it tries up to 49 label
   * lengths for each way of reading the prefix, on every line of every entry). A line with a colon
   * may match. Without one, the label must run to the end of the line, followed only by white space
   * and '*' or '_': its letters are ASCII, at most 49 characters long, and nothing before the label
   * (list marker, number, '#', emphasis, white space) is a letter. So every ASCII letter of the
   * line lies within 49 characters of the end that is left after trailing white space, '*' and '_'
   * are taken off; a letter further back rules the line out.
   */
  static boolean mayBeFieldLine(String line) {
    if (line.indexOf(':') >= 0 || line.indexOf('：') >= 0) {
      return true;
    }
    int end = line.length();
    while (end > 0 && isTrailing(line.charAt(end - 1))) {
      end--;
    }
    for (int i = 0; i < end - 49; i++) {
      char c = line.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return true;
  }

  /** What may follow a colon-less label: white space of {@code \s}, '*' or '_'. */
  private static boolean isTrailing(char c) {
    return c == ' '
        || c == '\t'
        || c == '\n'
        || c == '\u000B'
        || c == '\f'
        || c == '\r'
        || c == '*'
        || c == '_';
  }

  enum Kind {
    SEVERITY,
    CATEGORY,
    LOCATION,
    ROOT_CAUSE,
    IMPACT,
    FIX,
    PROBLEM
  }

  private static final Pattern SEVERITY_NAME =
      Pattern.compile(
          "^(?:severity|severity level|impact level|priority|criticality|risk level"
              + "|level|impact severity|failure severity|severity/impact|priority level)$");
  private static final Pattern CATEGORY_NAME =
      Pattern.compile(
          "^(?:category|issue type|error type|failure type|type|classification|failure category"
              + "|error category|issue category|problem type|failure mode)$");
  private static final Pattern LOCATION_NAME =
      Pattern.compile(
          "^(?:location|file|files?|where|affected files?|line|lines|file location|resource"
              + "|affected resources?|component|path)$");
  private static final Pattern ROOT_CAUSE_NAME =
      Pattern.compile(
          "^(?:root cause|cause|why|reason|why it failed|why it happened|root causes)$");
  private static final Pattern IMPACT_NAME =
      Pattern.compile(
          "^(?:impact|consequence|effect|security impact|cost impact|business impact"
              + "|cost/security/performance impact|deployment impact|why it matters|risk)$");
  // Any field whose name speaks of the correction: "Fix Applied", "IDEAL_RESPONSE Fix", "Correct
  // Approach", "Solution Implemented", "How we fixed it", "Code Changes", "Recommended Fix".
  private static final Pattern FIX_NAME =
      Pattern.compile(
          "^(?!.*\\b(?:incorrect|before|model response claims)\\b).*\\b(?:fix(?:es|ed)?|solutions?"
              + "|resolution|resolved|remediation|correct(?:ed|ion|ions)?|ideal(?: response)?"
              + "|changes?(?: made| applied)?|recommend(?:ed|ation|ations)?|mitigation|workaround"
              + "|after|expected|should(?: be| have)?|proper|actual implementation|how (?:we|it was|to))\\b.*$");

  /** Literal text each alternative of {@link #FIX_NAME}'s required word holds. */
  private static final String[] FIX_WORDS = {
    "fix",
    "solution",
    "resolution",
    "resolved",
    "remediation",
    "correct",
    "ideal",
    "change",
    "recommend",
    "mitigation",
    "workaround",
    "after",
    "expected",
    "should",
    "proper",
    "actual implementation",
    "how "
  };

  private static final Pattern PROBLEM_NAME =
      Pattern.compile(
          "^(?:problem|issue|failure|error|bug|model_response issue|model response issue"
              + "|model_response|model response|what was wrong|what went wrong|original(?: issue| code)?"
              + "|before|symptom|symptoms|description|details|the problem|the issue|evidence"
              + "|observed|actual|current|generated|incorrect(?: code)?|what was the issue"
              + "|what was the error|code model generated|model output|deployment error"
              + "|error message|compilation error|finding|gap|violation|issue identified"
              + "|issues identified|failure description|model_response\\.md|broken code)$");

  /** The label a line starts with ("**Impact**:", "### Root Cause"), known or not, or null. */
  static String labelName(String line) {
    LineLabels.Label l = label(line);
    return l == null ? null : l.rawName().trim();
  }

  /** The label a line starts with, as written, with the text after it; or null. */
  static LineLabels.Label label(String line) {
    Matcher m = fieldLine(line);
    if (m == null || !looksLikeLabel(line, m)) {
      return null;
    }
    return new LineLabels.Label(m.group(1), m.group(2));
  }

  /** The name of the entry field that a line starts, or null. */
  static String entryFieldName(String line, String strongLead) {
    Matcher m = fieldLine(line);
    if (m == null) {
      return null;
    }
    String name = m.group(1).trim().toLowerCase(Locale.ROOT);
    return kindOf(name) == null ? null : name;
  }

  // Compiled once: String.replaceAll compiles its pattern on every call, for every label.
  private static final Pattern EMPHASIS = Pattern.compile("[*`]");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern TRAILING_PARENS = Pattern.compile("\\s*\\(.*\\)$");

  static Kind kindOf(String rawName) {
    // Each clean-up pattern runs only when the name holds what it replaces ('*' or '`'; a run of
    // white space other than one space; '('): otherwise replaceAll returns the text unchanged.
    String name = rawName.toLowerCase(Locale.ROOT);
    if (name.indexOf('*') >= 0 || name.indexOf('`') >= 0) {
      name = EMPHASIS.matcher(name).replaceAll("");
    }
    name = name.replace('_', ' ');
    if (hasSpaceRun(name)) {
      name = SPACES.matcher(name).replaceAll(" ");
    }
    name = name.trim();
    if (name.indexOf('(') >= 0) {
      name = TRAILING_PARENS.matcher(name).replaceAll("");
    }
    if (SEVERITY_NAME.matcher(name).matches()) {
      return Kind.SEVERITY;
    }
    if (CATEGORY_NAME.matcher(name).matches()) {
      return Kind.CATEGORY;
    }
    // FIX_NAME is tried at every position of the name; it needs one of its words, which a plain
    // search finds (the name is lower-cased and the pattern is case-sensitive).
    if (Needles.any(name, FIX_WORDS) && FIX_NAME.matcher(name).matches()) {
      return Kind.FIX;
    }
    if (ROOT_CAUSE_NAME.matcher(name).matches()) {
      return Kind.ROOT_CAUSE;
    }
    if (IMPACT_NAME.matcher(name).matches()) {
      return Kind.IMPACT;
    }
    if (LOCATION_NAME.matcher(name).matches()) {
      return Kind.LOCATION;
    }
    if (PROBLEM_NAME.matcher(name).matches()) {
      return Kind.PROBLEM;
    }
    return null;
  }

  /** Whether {@code s} holds a white-space character of {@code \s} other than a lone space. */
  private static boolean hasSpaceRun(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
        return true;
      }
      if (c == ' ' && i + 1 < s.length() && s.charAt(i + 1) == ' ') {
        return true;
      }
    }
    return false;
  }

  /** A field found in an entry: its kind, the name as written, its line and its value. */
  record Field(Kind kind, String name, int line, String value) {}

  /** All fields of an entry, in order. */
  record Fields(List<Field> all) {
    /** The fields of any of {@code kinds}, in document order. */
    List<Field> allOf(Kind... kinds) {
      List<Field> out = new ArrayList<>();
      for (Field f : all) {
        for (Kind k : kinds) {
          if (f.kind() == k) {
            out.add(f);
          }
        }
      }
      return out;
    }

    Field first(Kind kind) {
      for (Field f : all) {
        if (f.kind() == kind) {
          return f;
        }
      }
      return null;
    }
  }

  /**
   * Reads fields from {@code lines[from..to]} (0-based indexes into the document's lines). A
   * field's value runs to the next field line or the end of the entry; fenced code is kept.
   */
  static Fields read(String[] lines, int from, int to) {
    return read(lines, new LineLabels(lines), from, to);
  }

  /** {@link #read(String[], int, int)} with the labels of {@code lines} found once per document. */
  static Fields read(String[] lines, LineLabels labels, int from, int to) {
    List<Field> fields = new ArrayList<>();
    Kind current = null;
    String currentName = null;
    int currentLine = -1;
    StringBuilder value = new StringBuilder();
    boolean inFence = false;
    boolean inListItem = false;
    for (int i = from; i <= to && i < lines.length; i++) {
      String line = lines[i];
      String stripped = line.strip();
      if (current != null && inListItem && !inFence && leavesListItem(lines, i, to)) {
        // "- **Category**: Configuration", a blank line, then a paragraph: the paragraph is the
        // entry's prose, not more of the bullet's value.
        fields.add(new Field(current, currentName, currentLine, value.toString().strip()));
        current = null;
      }
      if (stripped.startsWith("```") || stripped.startsWith("~~~")) {
        inFence = !inFence;
        if (current != null) {
          value.append(line).append('\n');
        }
        continue;
      }
      LineLabels.Label label = inFence ? null : labels.at(i);
      Kind kind = null;
      if (label != null) {
        kind = kindOf(label.rawName());
      }
      if (kind != null) {
        if (current != null) {
          fields.add(new Field(current, currentName, currentLine, value.toString().strip()));
        }
        current = kind;
        currentName = label.rawName().trim();
        currentLine = i + 1;
        inListItem = BULLET.matcher(line).lookingAt();
        value.setLength(0);
        value.append(label.value()).append('\n');
      } else if (current != null && value.length() < 4000) {
        value.append(line).append('\n');
      }
    }
    if (current != null) {
      fields.add(new Field(current, currentName, currentLine, value.toString().strip()));
    }
    return new Fields(fields);
  }

  // Compiled once: String.replaceFirst compiled it for every line that looked like a label.
  private static final Pattern LIST_MARKER = Pattern.compile("^(?:[-*+]\\s+|\\d+[.)]\\s+)");

  private static final Pattern BULLET = Pattern.compile("\\s{0,3}(?:[-*+]|\\d+[.)])\\s");

  /**
   * True at a blank line that ends a list item: the next non-blank line is an unindented paragraph,
   * neither another bullet nor a code fence (authors often leave fix code unindented).
   */
  private static boolean leavesListItem(String[] lines, int i, int to) {
    if (!lines[i].isBlank()) {
      return false;
    }
    int j = i + 1;
    while (j <= to && j < lines.length && lines[j].isBlank()) {
      j++;
    }
    if (j > to || j >= lines.length) {
      return false;
    }
    String next = lines[j];
    String s = next.strip();
    return !next.startsWith(" ")
        && !next.startsWith("\t")
        && !BULLET.matcher(next).lookingAt()
        && !s.startsWith("```")
        && !s.startsWith("~~~")
        && !s.startsWith("|");
  }

  /**
   * A plain "Word: text" line is a field only when the name is emphasised, is a heading, or is a
   * known field name followed by a colon; prose sentences that merely contain a colon are not.
   */
  private static boolean looksLikeLabel(String line, Matcher m) {
    String s = line.stripLeading();
    if (s.startsWith("#") || s.contains("**") || s.contains("__")) {
      return true;
    }
    String rest = LIST_MARKER.matcher(s).replaceFirst("");
    return rest.length() > m.group(1).length()
        && (rest.charAt(m.group(1).length()) == ':' || rest.startsWith(m.group(1).trim() + ":"));
  }
}
