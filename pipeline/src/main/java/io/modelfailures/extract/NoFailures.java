package io.modelfailures.extract;

import java.util.regex.Pattern;

/**
 * Recognises documents that state the model made no mistakes.
 *
 * <p>Consumes the document's lines and a mask of code lines; emits whether a sentence outside code
 * says there were no failures. Only consulted when no entries were found, so a phrase such as "no
 * issues found" inside one entry cannot hide the others.
 */
final class NoFailures {

  private NoFailures() {}

  private static final Pattern STATED =
      Pattern.compile(
          "\\b(no (?:model )?(?:significant |major |critical |notable )?(?:failures|issues|errors"
              + "|problems|defects|bugs|mistakes|corrections|changes|fixes)(?: were| have been| was)?"
              + " (?:found|identified|detected|observed|noted|present|required|needed|necessary)"
              + "|(?:did not|didn't|does not|doesn't) (?:contain|have|find|exhibit|require) any"
              + " (?:failures|issues|errors|problems|changes|fixes)"
              + "|(?:model(?:_| )response|the model|the response|the implementation)(?:\\.md)?"
              + " (?:was|is) (?:fully |entirely )?(?:correct|accurate|complete|production[- ]ready|flawless)"
              + "|zero (?:failures|issues|errors|defects)|none (?:found|identified|detected)"
              + "|no failures\\b|no model failures|nothing to (?:fix|report))",
          Pattern.CASE_INSENSITIVE);

  static boolean stated(String[] lines, boolean[] code) {
    for (int i = 0; i < lines.length; i++) {
      Cancellation.check();
      if (!code[i] && lines[i].length() < 2000 && STATED.matcher(lines[i]).find()) {
        return true;
      }
    }
    return false;
  }
}
