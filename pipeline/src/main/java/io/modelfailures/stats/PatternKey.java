package io.modelfailures.stats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pattern a failure belongs to: its title normalised, plus its services.
 *
 * <p>Consumes a failure's title and canonical services; emits a key under which failures that say
 * the same thing in different words meet. "Missing S3 bucket lifecycle rules" and "S3 Lifecycle
 * Rules Missing on Bucket" share a key. The title is lower-cased; code spans, numbers and words of
 * fewer than three letters are dropped; synonyms of "missing", "incorrect" and "weak" become that
 * word (the <i>polarity</i>); filler words ("the", "configuration", "issue") go; plurals are
 * folded; words naming one of the failure's own services go, since the services are part of the
 * key. What is left is sorted, so word order does not matter.
 */
public final class PatternKey {

  private static final Pattern CODE = Pattern.compile("`[^`]*`");
  private static final Pattern WORD = Pattern.compile("[a-z0-9]+");

  private static final Map<String, String> POLARITY =
      Map.ofEntries(
          Map.entry("missing", "missing"),
          Map.entry("lack", "missing"),
          Map.entry("lacks", "missing"),
          Map.entry("lacking", "missing"),
          Map.entry("absent", "missing"),
          Map.entry("without", "missing"),
          Map.entry("omitted", "missing"),
          Map.entry("no", "missing"),
          Map.entry("not", "missing"),
          Map.entry("incorrect", "incorrect"),
          Map.entry("wrong", "incorrect"),
          Map.entry("invalid", "incorrect"),
          Map.entry("improper", "incorrect"),
          Map.entry("improperly", "incorrect"),
          Map.entry("incorrectly", "incorrect"),
          Map.entry("inadequate", "weak"),
          Map.entry("insufficient", "weak"),
          Map.entry("incomplete", "weak"),
          Map.entry("weak", "weak"));

  private static final Set<String> FILLER =
      Set.of(
          "the",
          "and",
          "for",
          "with",
          "from",
          "its",
          "this",
          "that",
          "are",
          "was",
          "were",
          "has",
          "have",
          "into",
          "onto",
          "via",
          "per",
          "all",
          "any",
          "issue",
          "issues",
          "error",
          "errors",
          "failure",
          "failures",
          "problem",
          "problems",
          "model",
          "response",
          "use",
          "uses",
          "using",
          "used",
          "does",
          "doesn",
          "did",
          "configuration",
          "configured",
          "config",
          "configure",
          "setup",
          "properly",
          "correctly",
          "correct",
          "proper",
          "should",
          "must",
          "need",
          "needs",
          "critical",
          "high",
          "medium",
          "low",
          "severity",
          "aws",
          "amazon");

  private PatternKey() {}

  /** The normalised title: polarity words, then content words, each group sorted. */
  public static String normalise(String title, List<String> services) {
    Set<String> serviceWords = new TreeSet<>();
    for (String s : services) {
      Matcher m = WORD.matcher(s.toLowerCase(Locale.ROOT));
      while (m.find()) {
        serviceWords.add(fold(m.group()));
      }
    }
    Set<String> polarity = new TreeSet<>();
    Set<String> words = new TreeSet<>();
    Matcher m = WORD.matcher(CODE.matcher(title.toLowerCase(Locale.ROOT)).replaceAll(" "));
    while (m.find()) {
      String w = m.group();
      String p = POLARITY.get(w);
      if (p != null) {
        polarity.add(p);
      } else if (w.length() >= 3
          && !FILLER.contains(w)
          && !w.chars().allMatch(Character::isDigit)) {
        String folded = fold(w);
        if (!serviceWords.contains(folded)) {
          words.add(folded);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    for (String w : polarity) {
      out.append(out.length() == 0 ? "" : " ").append(w);
    }
    for (String w : words) {
      out.append(out.length() == 0 ? "" : " ").append(w);
    }
    return out.toString();
  }

  /** The grouping key: the normalised title and the sorted services. */
  public static String key(String title, List<String> services) {
    return normalise(title, services) + "|" + String.join(",", new TreeSet<>(services));
  }

  /** A short stable id for a key. */
  public static String id(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always present", e);
    }
  }

  /** Folds English plurals: policies → policy, classes → class, roles → role; "access" stays. */
  static String fold(String w) {
    if (w.length() > 4 && w.endsWith("ies")) {
      return w.substring(0, w.length() - 3) + "y";
    }
    if (w.length() > 4
        && (w.endsWith("sses") || w.endsWith("shes") || w.endsWith("ches") || w.endsWith("xes"))) {
      return w.substring(0, w.length() - 2);
    }
    // "-ss", "-us", "-is", "-ias" are singular: access, status, analysis, redis, alias.
    if (w.length() > 3
        && w.endsWith("s")
        && !w.endsWith("ss")
        && !w.endsWith("us")
        && !w.endsWith("is")
        && !w.endsWith("ias")) {
      return w.substring(0, w.length() - 1);
    }
    return w;
  }
}
