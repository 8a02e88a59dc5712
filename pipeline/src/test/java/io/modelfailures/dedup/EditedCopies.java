package io.modelfailures.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Constructs edited copies of a document, the kinds of change that keep it a near-duplicate: a few
 * words changed, entries reordered, a short entry added, a short entry dropped. "Short" means at
 * most {@link #SMALL} of the document's words, so every copy stays mostly the same text.
 */
final class EditedCopies {

  static final double SMALL = 0.08;

  private static final Pattern WORD = Pattern.compile("\\p{L}+");
  private static final String[] VOCABULARY = {
    "bucket", "policy", "lambda", "missing", "wrong", "region", "stack", "encryption", "role",
    "timeout", "subnet", "vpc", "alarm", "queue", "table", "index", "retention", "output"
  };

  private EditedCopies() {}

  /** The named variants of {@code text}; {@code other} supplies the added entry. */
  static List<String> of(String text, String other, long seed) {
    Random r = new Random(seed);
    return List.of(
        changeWords(text, 0.02, r),
        reorder(text, r),
        add(text, other, r),
        drop(text, r),
        reorder(changeWords(text, 0.01, r), r));
  }

  static String changeWords(String text, double share, Random r) {
    Matcher m = WORD.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String w = r.nextDouble() < share ? VOCABULARY[r.nextInt(VOCABULARY.length)] : m.group();
      m.appendReplacement(sb, Matcher.quoteReplacement(w));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static List<String> paragraphs(String text) {
    return new ArrayList<>(Arrays.asList(text.split("\n\\s*\n")));
  }

  private static int words(String s) {
    return MinHash.words(s).size();
  }

  /** Swaps two paragraphs after the first (the title stays first). */
  static String reorder(String text, Random r) {
    List<String> p = paragraphs(text);
    if (p.size() < 3) {
      return text;
    }
    int a = 1 + r.nextInt(p.size() - 1);
    int b = 1 + r.nextInt(p.size() - 1);
    if (a == b) {
      b = a == p.size() - 1 ? 1 : a + 1;
    }
    String t = p.get(a);
    p.set(a, p.get(b));
    p.set(b, t);
    return String.join("\n\n", p);
  }

  /** Inserts a paragraph of another document, cut to {@link #SMALL} of this one's words. */
  static String add(String text, String other, Random r) {
    List<String> p = paragraphs(text);
    List<String> from = paragraphs(other);
    int budget = Math.max(1, (int) (words(text) * SMALL));
    String[] w = from.get(r.nextInt(from.size())).split("\\s+");
    String entry = "### " + String.join(" ", Arrays.copyOf(w, Math.min(w.length, budget)));
    p.add(1 + r.nextInt(p.size()), entry);
    return String.join("\n\n", p);
  }

  /** Removes one paragraph of at most {@link #SMALL} of the words (or the last line if none). */
  static String drop(String text, Random r) {
    List<String> p = paragraphs(text);
    int budget = (int) (words(text) * SMALL);
    List<Integer> small = new ArrayList<>();
    for (int i = 1; i < p.size(); i++) {
      if (words(p.get(i)) <= budget) {
        small.add(i);
      }
    }
    if (small.isEmpty()) {
      int nl = text.stripTrailing().lastIndexOf('\n');
      return nl > 0 ? text.substring(0, nl) : text;
    }
    p.remove((int) small.get(r.nextInt(small.size())));
    return String.join("\n\n", p);
  }
}
