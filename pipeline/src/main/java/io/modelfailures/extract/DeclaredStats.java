package io.modelfailures.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a document says about itself: its stated total of failures ("Total Errors: 36",
 * "identified **3 critical faults**"), its per-severity counts ("3 Critical, 2 High") and its
 * training score ("Training Value Score: 9/10").
 *
 * <p>Consumes the document's lines with a mask of the lines to skip (code and entry bodies, where
 * numbers describe the infrastructure rather than the document); emits a {@link Declared} value.
 */
final class DeclaredStats {

  private DeclaredStats() {}

  private static final String NOUN =
      "(?:errors?|failures?|issues?|faults?|bugs?|problems?|findings?|defects?|gaps?|mistakes?"
          + "|deviations?|violations?|flaws?)";
  private static final String NUMBER =
      // Number words are whole words: "often critical" is not "ten critical".
      "(\\d{1,4}|\\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
          + "|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\\b)";

  // "Total Errors: 36", "Total Intentional Errors: **8 critical errors**", "Total issues found -
  // 12".
  private static final Pattern TOTAL_LABEL =
      Pattern.compile(
          "\\btotal\\s+(?:number\\s+of\\s+)?(?:[a-z]+\\s+){0,2}?"
              + NOUN
              + "(?:\\s+(?:identified|found|documented|fixed|detected|introduced|addressed|resolved))?"
              + "\\s*[*_]*\\s*[:=\\-–—]?\\s*[*_]*\\s*"
              + NUMBER
              + "\\b",
          Pattern.CASE_INSENSITIVE);

  // "Fixes required: 4", "Issues found: 12", "Errors identified - 3".
  private static final Pattern NOUN_COUNT =
      Pattern.compile(
          "^\\W*(?:"
              + NOUN
              + "|fixes|corrections)\\s+(?:required|needed|applied|made|identified|found"
              + "|detected|fixed|documented)\\W{0,4}[:=\\-–—]\\s*[*_]*\\s*(\\d{1,4})\\b(?!\\s*/)",
          Pattern.CASE_INSENSITIVE);

  // "**Total**: 12 issues", "Total: 7".
  private static final Pattern TOTAL_BARE =
      Pattern.compile(
          "^\\W*total\\W{0,6}[:=]\\s*[*_]*\\s*" + NUMBER + "\\b(?!\\s*/)",
          Pattern.CASE_INSENSITIVE);

  // What a document counts besides its failures by name: the fixes that repair them.
  private static final String FIX_NOUN = "(?:" + NOUN + "|fix(?:es)?|corrections?)";

  // "identified **3 critical faults**", "contains 12 issues", "found a total of 9 errors",
  // "identifies the 3 major faults", "required two critical fixes".
  private static final Pattern TOTAL_PHRASE =
      Pattern.compile(
          "\\b(?:identified|identif(?:y|ies)|found|documents?|documented|contains?|contained"
              + "|introduced|lists?|catalogu?es?|outlines?|details|describes"
              + "|records?|has|had|reveals?|revealed|highlights?|exhibits?|there (?:are|were)"
              + "|total of|includes?|addresses|fixed|required|requires)\\s+"
              + "(?:a total of\\s+|the following\\s+|the\\s+|only\\s+)?"
              + "[*_]*"
              + NUMBER
              + "[*_]*\\s+(?:[*_]*[a-z-]+[*_]*\\s+){0,2}?[*_]*"
              + FIX_NOUN
              + "\\b",
          Pattern.CASE_INSENSITIVE);

  // The participle after the noun: "the following **3 critical faults** have been identified",
  // "the 6 critical issues found in the initial response", "5 critical errors were identified".
  // Without "the (following)" the auxiliary is required, so "3 errors found in the logs" in a
  // test transcript is not read.
  private static final Pattern TOTAL_TRAILING =
      Pattern.compile(
          "\\b(?:(?:the following|the)\\s+[*_]*"
              + NUMBER
              + "[*_]*\\s+(?:[*_]*[a-z-]+[*_]*\\s+){0,2}?[*_]*"
              + FIX_NOUN
              + "[*_]*\\s+(?:(?:have|has) been\\s+|were\\s+|are\\s+)?"
              + "|[*_]*"
              + NUMBER
              + "[*_]*\\s+(?:[*_]*[a-z-]+[*_]*\\s+){0,2}?[*_]*"
              + FIX_NOUN
              + "[*_]*\\s+(?:(?:have|has) been|were)\\s+)"
              + "(?:identified|found|detected|documented|required|needed)\\b",
          Pattern.CASE_INSENSITIVE);

  // A shortfall counted in areas: "falls short in two critical areas".
  private static final Pattern TOTAL_SHORTFALL =
      Pattern.compile(
          "\\b(?:falls?|fell|falling|comes?|came|coming) short (?:in|on)\\s+[*_]*"
              + NUMBER
              + "[*_]*\\s+(?:[*_]*[a-z-]+[*_]*\\s+){0,2}?[*_]*(?:areas|ways|respects|"
              + FIX_NOUN
              + ")\\b",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern SEVERITY_COUNT =
      Pattern.compile(
          "(?:"
              + NUMBER
              + "\\s*[*_]*\\s*("
              + Severity.WORDS
              + ")\\b(?!\\s*/)"
              + "|("
              + Severity.WORDS
              + ")(?:[\\s-]*(?:priority|severity|level))?(?:\\s+"
              + NOUN
              + ")?\\s*[*_]*\\s*[:=(]\\s*[*_]*\\s*(\\d{1,4})\\b(?!\\s*/|\\.\\d|%))",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern TABLE_COUNT =
      Pattern.compile(
          "^\\s*\\|\\s*[*_🔴🟠🟡🟢 ]*("
              + Severity.WORDS
              + ")\\b[^|]*\\|\\s*[*_]*(\\d{1,4})[*_]*\\s*\\|",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern TRAINING_SCORE =
      Pattern.compile(
          "\\btraining[ _-]?(?:value|quality)(?:\\s+(?:score|rating|assessment))?\\s*[*_]*\\s*"
              + "(?:[:=\\-–—]|is|of)?\\s*[*_]*\\s*(\\d{1,2}(?:\\.\\d)?)\\s*[*_]*\\s*(/\\s*10|out of 10)?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern OUT_OF_TEN =
      Pattern.compile("(?<![\\d.])(\\d{1,2}(?:\\.\\d{1,2})?)\\s*(?:/\\s*10|out of 10)\\b");
  private static final Pattern TRAINING_WORD =
      Pattern.compile("\\btraining\\b", Pattern.CASE_INSENSITIVE);

  /**
   * The document's statements about itself, with the line (1-based) each was read from. {@code
   * countsImplied} is set when the counts are only the severity word of a stated total ("identified
   * 3 critical faults"), not a breakdown.
   */
  record Declared(
      Integer total,
      int totalLine,
      Map<String, Integer> counts,
      int countsLine,
      boolean countsImplied,
      Double trainingScore,
      int trainingScoreLine) {}

  static Declared read(String[] lines, boolean[] skip) {
    Integer total = null;
    int totalLine = 0;
    Map<String, Integer> counts = new LinkedHashMap<>();
    int countsLine = 0;
    boolean countsFromTotal = false;
    boolean totalFromProse = false;
    Double score = null;
    int scoreLine = 0;
    for (int i = 0; i < lines.length; i++) {
      Cancellation.check();
      String line = lines[i];
      if (line.length() > 2000) {
        continue;
      }
      // Lower-cased once for the substring tests that let most lines skip the count patterns.
      String lower = line.toLowerCase(Locale.ROOT);
      if (score == null) {
        score = trainingScore(line, lower);
        scoreLine = score == null ? 0 : i + 1;
      }
      if (skip[i]) {
        continue;
      }
      if (total == null || totalFromProse) {
        Total t = matchTotal(line, lower);
        // A labelled total ("Total Failures: 18") outranks an earlier sentence ("contained 17
        // defects"); a sentence never replaces anything.
        if (t != null && (total == null || !t.prose())) {
          int n = t.value();
          // "Total failures: 1 Critical, 2 High" states counts, and the total is their sum.
          Map<String, Integer> onLine = severityCounts(line, lower, true);
          if (onLine.size() >= 2) {
            // "2 Medium/Low" adds to the total without saying how it splits.
            n = onLine.values().stream().mapToInt(Integer::intValue).sum() + combinedCounts(line);
          }
          if (total != null && countsFromTotal && countsLine == totalLine) {
            // Counts implied by the replaced sentence go with it.
            counts = new LinkedHashMap<>();
            countsFromTotal = false;
          }
          total = n;
          totalLine = i + 1;
          totalFromProse = t.prose();
        }
      }
      if (counts.isEmpty() || (countsFromTotal && !severityCounts(line, lower, false).isEmpty())) {
        boolean withTotal = total != null && totalLine == i + 1;
        Map<String, Integer> c = severityCounts(line, lower, withTotal);
        if (!c.isEmpty()) {
          // "had 8 critical issues" in prose only implies counts; an explicit statement later in a
          // summary ("- 5 critical issues blocked deployment", "3 Critical, 2 High", a table row)
          // states them.
          countsFromTotal = withTotal && c.size() == 1 && !isCountLine(line);
          counts = new LinkedHashMap<>(c);
          countsLine = i + 1;
        }
      } else if (countsLine == i) {
        // Counts written one per line ("- Critical: 3" then "- High: 2") continue the block.
        Map<String, Integer> more = severityCounts(line, lower, true);
        if (!more.isEmpty() && more.keySet().stream().noneMatch(counts::containsKey)) {
          counts.putAll(more);
          countsLine = i + 1;
        }
      }
    }
    if (total == null && counts.size() >= 2) {
      total = counts.values().stream().mapToInt(Integer::intValue).sum();
      totalLine = countsLine;
    }
    boolean implied = countsFromTotal && countsLine == totalLine;
    return new Declared(total, totalLine, counts, countsLine, implied, score, scoreLine);
  }

  /**
   * A training score is an "N/10" on a line that speaks of training ("Training Quality Score:
   * 8/10", "Training Value: LOW (Score 6/10)"); the last one on the line wins because authors write
   * "raised from 7/10 to 9/10". Without "/10", only "Training Value Score: 9" counts.
   */
  static Double trainingScore(String line) {
    return trainingScore(line, line.toLowerCase(Locale.ROOT));
  }

  /** {@link #trainingScore(String)} of a line whose lower-cased copy is {@code lower}. */
  private static Double trainingScore(String line, String lower) {
    // A case-insensitive word search costs a regex step at every position; most lines lack it.
    if (!lower.contains("training") || !TRAINING_WORD.matcher(line).find()) {
      return null;
    }
    Matcher ten = OUT_OF_TEN.matcher(line);
    Double last = null;
    while (ten.find()) {
      last = Double.parseDouble(ten.group(1));
    }
    if (last != null) {
      return last <= 10 ? last : null;
    }
    Matcher s = TRAINING_SCORE.matcher(line);
    if (s.find() && lower.contains("score")) {
      double v = Double.parseDouble(s.group(1));
      return v <= 10 ? v : null;
    }
    return null;
  }

  // Score arithmetic ("Total: 12 -> capped at 10", "Total score: 8") is not a failure count.
  private static final Pattern SCORE_LINE =
      Pattern.compile(
          "\\b(?:score|scoring|points?|capped|rating|/\\s*10)\\b|/\\s*10",
          Pattern.CASE_INSENSITIVE);

  /** A stated total; {@code prose} when it was read from a sentence rather than a label. */
  private record Total(int value, boolean prose) {}

  /** The failure nouns and fixes of {@link #NOUN} and {@link #FIX_NOUN}, as plain stems. */
  private static final String[] FIX_NOUN_STEMS = {
    "error",
    "failure",
    "issue",
    "fault",
    "bug",
    "problem",
    "finding",
    "defect",
    "gap",
    "mistake",
    "deviation",
    "violation",
    "flaw",
    "fix",
    "correction"
  };

  private static Total matchTotal(String line, String lower) {
    // Each total pattern needs a word (ignoring ASCII case, see Needles): the label and "Total: 7"
    // "total"; the noun count, the phrase and the trailing participle a failure noun or a fix; the
    // shortfall "short". A pattern without its word cannot match, so it is not run; with no word
    // at all the answer is null whatever the number and score tests say.
    boolean total = lower.contains("total");
    boolean noun = Needles.any(lower, FIX_NOUN_STEMS);
    boolean shortfall = lower.contains("short");
    if (!(total || noun || shortfall) || !hasNumber(line) || SCORE_LINE.matcher(line).find()) {
      return null;
    }
    // Labels first, then sentences (from index 3 on); the first pattern that matches decides.
    Pattern[] patterns = {
      TOTAL_LABEL, TOTAL_BARE, NOUN_COUNT, TOTAL_PHRASE, TOTAL_TRAILING, TOTAL_SHORTFALL
    };
    boolean[] words = {total, total, noun, noun, noun, shortfall};
    for (int k = 0; k < patterns.length; k++) {
      if (!words[k]) {
        continue;
      }
      Matcher m = patterns[k].matcher(line);
      if (m.find()) {
        boolean sentence = k >= 3;
        // A sentence worded the other way round holds its count in group 2.
        String count =
            sentence && m.group(1) == null && m.groupCount() >= 2 ? m.group(2) : m.group(1);
        Integer n = number(count);
        return n == null ? null : new Total(n, sentence);
      }
    }
    return null;
  }

  /**
   * Per-severity counts on one line. A single "3 critical" only counts when the line also states a
   * total or is a list/table line of counts; otherwise it is usually prose.
   */
  private static Map<String, Integer> severityCounts(String line, String lower, boolean alone) {
    // Both count patterns name a severity word; without one nothing is counted.
    if (!Needles.any(lower, Needles.SEVERITY_WORDS) || !hasNumber(line)) {
      return Map.of();
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    Matcher t = TABLE_COUNT.matcher(line);
    if (t.find()) {
      Severity.fromWord(t.group(1))
          .ifPresent(s -> out.put(s.label(), Integer.parseInt(t.group(2))));
      return out;
    }
    Matcher m = SEVERITY_COUNT.matcher(line);
    while (m.find()) {
      String word = m.group(2) != null ? m.group(2) : m.group(3);
      Integer n = m.group(1) != null ? number(m.group(1)) : Integer.valueOf(m.group(4));
      var sev = Severity.fromWord(word);
      if (sev.isPresent() && n != null && !out.containsKey(sev.get().label())) {
        // "1 Critical (deployment blocker), 2 Critical (compatibility)" adds up.
        out.put(sev.get().label(), n);
      } else if (sev.isPresent() && n != null) {
        out.merge(sev.get().label(), n, Integer::sum);
      }
    }
    boolean countLine = isCountLine(line) && out.size() == 1;
    if (out.size() >= 2 || (out.size() == 1 && (alone || countLine))) {
      return out;
    }
    return Map.of();
  }

  /** Number words by value: "zero" is 0. */
  private static final List<String> NUMBER_WORDS =
      List.of(
          "zero",
          "one",
          "two",
          "three",
          "four",
          "five",
          "six",
          "seven",
          "eight",
          "nine",
          "ten",
          "eleven",
          "twelve",
          "thirteen",
          "fourteen",
          "fifteen",
          "sixteen",
          "seventeen",
          "eighteen",
          "nineteen",
          "twenty");

  /**
   * Whether the line holds a digit or a number word ({@link #NUMBER}), which every statement of a
   * count needs. Most lines hold neither, and this scan is far cheaper than the count patterns,
   * which try their alternatives at every position of the line.
   */
  static boolean hasNumber(String line) {
    int n = line.length();
    int i = 0;
    while (i < n) {
      char c = line.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
      if (Character.isLetter(c)) {
        int start = i;
        while (i < n && Character.isLetter(line.charAt(i))) {
          i++;
        }
        if (isNumberWord(line, start, i)) {
          return true;
        }
      } else {
        i++;
      }
    }
    return false;
  }

  /**
   * Whether {@code line[start, end)} lower-cased is one of {@link #NUMBER_WORDS}, without the
   * substring and its lower-cased copy. Lower-casing gives an ASCII letter only for an ASCII letter
   * or the Kelvin sign (k, in no number word), and 'İ' becomes two characters, one not ASCII; so
   * the word is one exactly when its characters are ASCII letters that lower-case to it.
   */
  private static boolean isNumberWord(String line, int start, int end) {
    int len = end - start;
    if (len < 3 || len > 9) {
      return false;
    }
    for (String w : NUMBER_WORDS) {
      if (w.length() == len && asciiLowerEquals(line, start, w)) {
        return true;
      }
    }
    return false;
  }

  private static boolean asciiLowerEquals(String line, int start, String lowerWord) {
    for (int k = 0; k < lowerWord.length(); k++) {
      char c = line.charAt(start + k);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lowerWord.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static final Pattern COMBINED_COUNT =
      Pattern.compile(
          "\\b(\\d{1,4})\\s*[*_]*\\s*(?:"
              + Severity.WORDS
              + ")\\s*/\\s*(?:"
              + Severity.WORDS
              + ")\\b",
          Pattern.CASE_INSENSITIVE);

  private static int combinedCounts(String line) {
    int sum = 0;
    Matcher m = COMBINED_COUNT.matcher(line);
    while (m.find()) {
      sum += Integer.parseInt(m.group(1));
    }
    return sum;
  }

  /** A list or label line that starts with a severity count: "- Critical: 3", "- 5 critical". */
  private static boolean isCountLine(String line) {
    return COUNT_LINE.matcher(line.strip()).matches();
  }

  // Compiled once (String.matches compiles on every call, for every line of every document).
  private static final java.util.regex.Pattern COUNT_LINE =
      java.util.regex.Pattern.compile(
          "(?i)^(?:[-*+]|\\d+\\.)?\\s*[*_]*\\s*(?:\\d{1,4}\\s+[*_]*)?(?:" + Severity.WORDS + ").*");

  private static Integer number(String s) {
    String w = s.toLowerCase(Locale.ROOT);
    int i = NUMBER_WORDS.indexOf(w);
    if (i >= 0) {
      return i;
    }
    try {
      return Integer.parseInt(w);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
