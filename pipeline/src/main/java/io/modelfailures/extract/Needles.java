package io.modelfailures.extract;

/**
 * Plain substring searches that let a line skip a pattern which cannot match it.
 *
 * <p>A pattern tried with {@code find()} runs its alternation at every position of the line; most
 * lines hold none of the words any alternative needs, and {@link String#contains} rules that out
 * far more cheaply. Callers search the line lower-cased with {@link java.util.Locale#ROOT}: the
 * patterns ignore case for ASCII only, and lower-casing turns every ASCII capital into its small
 * letter, so a line a pattern matches always holds the needle.
 */
final class Needles {

  private Needles() {}

  /** The severity words of {@link Severity#WORDS}, each of which severity patterns need. */
  static final String[] SEVERITY_WORDS = Severity.WORDS.split("\\|");

  /** Whether {@code text} contains at least one of {@code needles}. */
  static boolean any(String text, String... needles) {
    for (String n : needles) {
      if (text.contains(n)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code text} holds an ASCII digit, which {@code \d} (without Unicode classes) is. */
  static boolean hasDigit(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }
}
