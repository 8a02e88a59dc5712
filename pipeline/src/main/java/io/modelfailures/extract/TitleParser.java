package io.modelfailures.extract;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an entry's heading or label text into its numbering, its title and any severity marker.
 *
 * <p>Consumes text such as "ERROR 14: Missing KMS key (lib/kms.py)", "Critical Fault #1: No
 * backend", "1. Hardcoded password (CRITICAL)" or "🔴 [HIGH] Open security group"; emits a {@link
 * ParsedTitle}.
 */
final class TitleParser {

  private TitleParser() {}

  static final String NOUNS =
      "error|bug|issue|fault|failure|problem|finding|gap|defect|mistake|flaw|deviation|fix|item"
          + "|correction|concern|violation|discrepancy|weakness|miss";

  // Emoji and decorations that authors put in front of or behind titles.
  private static final String DECOR = "[\\s❌✗✘⛔🔴🟠🟡🟢🔵⚠️❗️🚨💥📌🔥🐛✅☑️✔️⭐*_`>#|:.\\-–—]";

  private static final Pattern KEYWORD_NUMBERED =
      Pattern.compile(
          "^(?:("
              + Severity.WORDS
              + ")[\\s-]*(?:priority|level|severity)?\\s+)?"
              + "("
              + NOUNS
              + ")(?:s)?\\s*(?:#|no\\.?|number)?\\s*(\\d{1,4}(?:\\.\\d{1,3})*[a-z]?)\\b\\s*[:.)\\-–—]*\\s*(.*)$",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern NUMBERED =
      Pattern.compile("^#?(\\d{1,4})(\\.\\d{1,3}|[a-z])?\\s*(?:[.):\\-–—]|\\s)\\s*(.+)$");

  private static final Pattern KEYWORD_ONLY =
      Pattern.compile("^(" + NOUNS + ")\\s*[:\\-–—]\\s*(.+)$", Pattern.CASE_INSENSITIVE);

  // "(CRITICAL)", "[High]", "(Severity: High)", "(Category C - Minor)", "- Critical" at the end.
  private static final Pattern BRACKETED_SEVERITY =
      Pattern.compile(
          "[\\[(]\\s*(?:severity\\s*[:=-]?\\s*|impact\\s*[:=-]?\\s*|priority\\s*[:=-]?\\s*)?"
              + "(?:category\\s+[a-z0-9]+\\s*[-:]\\s*)?"
              + "("
              + Severity.WORDS
              + "|p[0-3])\\b[^\\])]{0,40}[\\])]",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern LEADING_SEVERITY =
      Pattern.compile(
          "^("
              + Severity.WORDS
              + ")(?:[\\s-]*(?:priority|level|severity|risk))?"
              + "(?:\\s*[:\\-–—]\\s+|\\s+(?=(?:"
              + NOUNS
              + ")s?\\b))",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern TRAILING_SEVERITY =
      Pattern.compile(
          "\\s[\\-–—:|]\\s*(?:severity\\s*[:=]?\\s*)?("
              + Severity.WORDS
              + ")(?:\\s+(?:priority|severity|risk))?\\s*$",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern CATEGORY_TAG =
      Pattern.compile("\\(\\s*category\\s+([^)]+?)\\s*\\)", Pattern.CASE_INSENSITIVE);

  static ParsedTitle parse(String raw) {
    String text = raw == null ? "" : raw.replace('\n', ' ').trim();
    String severityRaw = null;
    Severity severity = null;
    String category = null;

    Severity emoji = Severity.fromEmoji(text).orElse(null);
    String t = stripDecor(text);

    String label = null;
    int number = -1;
    Matcher m = KEYWORD_NUMBERED.matcher(t);
    if (m.matches()) {
      label = (m.group(1) == null ? "" : m.group(1) + " ") + m.group(2) + " " + m.group(3);
      number = lastInt(m.group(3));
      if (m.group(1) != null) {
        severityRaw = m.group(1);
        severity = Severity.fromWord(m.group(1)).orElse(null);
      }
      t = m.group(4);
    } else if ((m = NUMBERED.matcher(t)).matches() && !looksLikeQuantity(m.group(3))) {
      label = m.group(1) + (m.group(2) == null ? "" : m.group(2));
      number = lastInt(label);
      t = m.group(3);
    } else if ((m = KEYWORD_ONLY.matcher(t)).matches()) {
      label = m.group(1);
      t = m.group(2);
    }
    t = stripDecor(t);

    Matcher cat = CATEGORY_TAG.matcher(t);
    if (cat.find()) {
      category = cat.group(1).trim();
    }
    Matcher b = BRACKETED_SEVERITY.matcher(t);
    if (b.find()) {
      if (severity == null) {
        severityRaw = b.group(0).replaceAll("^[\\[(]|[\\])]$", "").trim();
        severity = Severity.fromWord(b.group(1)).orElse(null);
      }
      t = (t.substring(0, b.start()) + t.substring(b.end())).trim();
    }
    Matcher lead = LEADING_SEVERITY.matcher(t);
    if (lead.find()) {
      if (severity == null) {
        severityRaw = lead.group(1);
        severity = Severity.fromWord(lead.group(1)).orElse(null);
      }
      String rest = t.substring(lead.end());
      // "Critical Failure — Security group naming": drop the "Failure —" word too.
      rest = rest.replaceFirst("(?i)^(?:" + NOUNS + ")s?\\s*(?:#?\\d+)?\\s*[:\\-–—]?\\s*", "");
      t = rest.isBlank() ? t : rest;
    }
    Matcher trail = TRAILING_SEVERITY.matcher(t);
    if (trail.find()) {
      if (severity == null) {
        severityRaw = trail.group(1);
        severity = Severity.fromWord(trail.group(1)).orElse(null);
      }
      t = t.substring(0, trail.start());
    }
    if (severity == null && emoji != null) {
      severity = emoji;
      severityRaw = text.substring(0, Character.charCount(text.codePointAt(0)));
    }
    if (cat.find(0)) {
      t = CATEGORY_TAG.matcher(t).replaceAll("");
    }
    t = stripDecor(t.replaceAll("\\s+", " "));
    return new ParsedTitle(label, number, t.isEmpty() ? text : t, severity, severityRaw, category);
  }

  /** "3 critical faults" is a count, not item 3. */
  private static boolean looksLikeQuantity(String rest) {
    String r = rest.toLowerCase(Locale.ROOT);
    return QUANTITY.matcher(r).matches();
  }

  private static final Pattern QUANTITY =
      Pattern.compile("^(?:%|percent|mb|gb|kb|ms|seconds?|minutes?|hours?|days?)\\b.*");

  /** "14" -> 14, "1.3" -> 3 (its place within group 1), "9a" -> 9. */
  private static int lastInt(String label) {
    String[] parts = label.split("\\.");
    int n = leadingInt(parts[parts.length - 1]);
    return n >= 0 ? n : leadingInt(label);
  }

  private static int leadingInt(String s) {
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    return i == 0 ? -1 : Integer.parseInt(s.substring(0, i));
  }

  // Compiled once: String.replaceAll compiles its pattern on every call, and stripDecor runs on
  // every heading and label (a third of the extraction's time when compiled per call).
  private static final Pattern LEADING_DECOR = Pattern.compile("^" + DECOR + "+");
  private static final Pattern TRAILING_DECOR = Pattern.compile(DECOR + "+$");
  private static final Pattern TRAILING_MARKERS = Pattern.compile("\\s*(?:❌|✅|⚠️|⚠)+$");

  static String stripDecor(String s) {
    String t = TRAILING_DECOR.matcher(LEADING_DECOR.matcher(s).replaceAll("")).replaceAll("");
    // Trailing markers that are not punctuation.
    t = TRAILING_MARKERS.matcher(t).replaceAll("");
    return t.trim();
  }

  /** The pieces of an entry title. */
  record ParsedTitle(
      String label,
      int number,
      String title,
      Severity severity,
      String severityRaw,
      String category) {
    boolean numbered() {
      return label != null;
    }
  }
}
