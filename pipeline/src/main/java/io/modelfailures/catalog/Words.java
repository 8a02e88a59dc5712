package io.modelfailures.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word boundaries as service names see them in prose and in code: a word starts or ends at a
 * non-alphanumeric character or at a camel-case hump, so "S3Bucket", "dbSecurityGroup" and
 * "IAMRole" each hold two words, while "Route53" and "EC2" are one.
 */
final class Words {

  private static final String[] VENDORS = {"aws", "amazon"};

  private Words() {}

  /** True when a name may start at {@code i}: after a non-alphanumeric or at a camel-case hump. */
  static boolean isStart(String text, int i) {
    char c = text.charAt(i);
    if (!Character.isLetterOrDigit(c) && c != '@') {
      return false;
    }
    if (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1))) {
      return true;
    }
    return Character.isUpperCase(c) && isHump(text, i);
  }

  /** True when a name may end before {@code end}: at a non-alphanumeric or a camel-case hump. */
  static boolean isWordEnd(String text, int end) {
    if (end >= text.length() || !Character.isLetterOrDigit(text.charAt(end))) {
      return true;
    }
    return Character.isUpperCase(text.charAt(end)) && isHump(text, end);
  }

  /** True when the capital at {@code i} (not the first character) starts a new camel-case word. */
  private static boolean isHump(String text, int i) {
    char prev = text.charAt(i - 1);
    if (Character.isLowerCase(prev) || Character.isDigit(prev)) {
      return true;
    }
    // An acronym followed by a word: the "R" of "IAMRole"; but the "B" of "ALBs" ends a plural.
    int n = text.length();
    return Character.isUpperCase(prev)
        && i + 1 < n
        && Character.isLowerCase(text.charAt(i + 1))
        && !(text.charAt(i + 1) == 's'
            && (i + 2 == n || !Character.isLowerCase(text.charAt(i + 2))));
  }

  /**
   * Characters that may stand between the words of a name: "Secrets Manager", "secrets-manager".
   */
  static boolean isSeparator(char c) {
    return c == '-' || c == '_' || Character.isWhitespace(c);
  }

  /**
   * Skips the gap between two words of a name. A gap may wrap onto the next line but not span a
   * blank line, so a heading's last word and the next paragraph's first never form a name.
   */
  static int skipSeparators(String text, int i) {
    boolean newline = false;
    while (i < text.length() && isSeparator(text.charAt(i))) {
      if (text.charAt(i) == '\n') {
        if (newline) {
          break;
        }
        newline = true;
      }
      i++;
    }
    return i;
  }

  /** Returns where the next word starts after a leading "AWS"/"Amazon" at {@code i}, or -1. */
  static int afterVendor(String text, int i) {
    for (String vendor : VENDORS) {
      int end = i + vendor.length();
      if (end < text.length()
          && text.regionMatches(true, i, vendor, 0, vendor.length())
          && isSeparator(text.charAt(end))) {
        return skipSeparators(text, end);
      }
    }
    return -1;
  }

  /** Skips the rest of an identifier ("Bucket" after "AWS::S3::", "bucket" after "aws_s3_"). */
  static int skipIdentifier(String text, int i) {
    while (i < text.length()
        && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
      i++;
    }
    return i;
  }

  /** Splits a phrase into lower-case words at non-alphanumerics and camel-case humps. */
  static List<String> split(String phrase) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= phrase.length(); i++) {
      boolean alnum = i < phrase.length() && Character.isLetterOrDigit(phrase.charAt(i));
      boolean boundary =
          !alnum || (start >= 0 && Character.isUpperCase(phrase.charAt(i)) && isHump(phrase, i));
      if (boundary && start >= 0) {
        words.add(phrase.substring(start, i).toLowerCase(Locale.ROOT));
        start = -1;
      }
      if (alnum && start < 0) {
        start = i;
      }
    }
    return words;
  }
}
