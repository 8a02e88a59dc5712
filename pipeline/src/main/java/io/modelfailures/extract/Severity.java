package io.modelfailures.extract;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The four severities, and the mapping from the many ways authors write them.
 *
 * <p>Consumes free text such as "CRITICAL - Deployment Blocker", "Major", "P1" or "🔴"; emits one
 * of {@link #CRITICAL}, {@link #HIGH}, {@link #MEDIUM}, {@link #LOW}, or nothing.
 */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW;

  /** Lower-case name as written to the tables. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  // Synonyms per LABELING.md: blocker/severe -> critical; major/important/significant -> high;
  // moderate -> medium; minor/trivial/info/cosmetic -> low.
  static final String WORDS =
      "critical|blocker|severe|high|major|important|significant|medium|moderate|low|minor|trivial"
          + "|cosmetic|informational";

  private static final Pattern LEADING =
      Pattern.compile(
          "^[\\s*_`\\[(🔴🟠🟡🟢🔵⚠️❗️🚨💥:-]*(" + WORDS + "|p[0-3]\\b|info\\b)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  /** Maps one severity word (already isolated) to a severity. */
  public static Optional<Severity> fromWord(String word) {
    if (word == null) {
      return Optional.empty();
    }
    switch (word.trim().toLowerCase(Locale.ROOT)) {
      case "critical":
      case "blocker":
      case "severe":
      case "p0":
        return Optional.of(CRITICAL);
      case "high":
      case "major":
      case "important":
      case "significant":
      case "p1":
        return Optional.of(HIGH);
      case "medium":
      case "moderate":
      case "p2":
        return Optional.of(MEDIUM);
      case "low":
      case "minor":
      case "trivial":
      case "cosmetic":
      case "info":
      case "informational":
      case "p3":
        return Optional.of(LOW);
      default:
        return Optional.empty();
    }
  }

  /**
   * Reads a field value such as "CRITICAL - Deployment Blocker" or "**High** (security)": the
   * severity is the first word. Returns empty when the value does not start with one.
   */
  public static Optional<Severity> fromFieldValue(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = LEADING.matcher(value);
    if (m.find()) {
      return fromWord(m.group(1));
    }
    return fromEmoji(value);
  }

  /** Traffic-light emoji that authors use as severity markers. */
  static Optional<Severity> fromEmoji(String text) {
    String t = text.strip();
    if (t.startsWith("🔴") || t.startsWith("🚨")) {
      return Optional.of(CRITICAL);
    }
    if (t.startsWith("🟠")) {
      return Optional.of(HIGH);
    }
    if (t.startsWith("🟡")) {
      return Optional.of(MEDIUM);
    }
    if (t.startsWith("🟢") || t.startsWith("🔵")) {
      return Optional.of(LOW);
    }
    return Optional.empty();
  }
}
