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

  // "This document explains when an answer to the prompt should be considered incorrect", "An
  // answer should be treated as failed if": a grading rubric describes hypothetical failures of
  // any answer; it reports none of this model's.
  private static final Pattern RUBRIC =
      Pattern.compile(
          "\\b(?:an?|the|any) (?:answer|response|solution|submission)s?\\b[^.]{0,60}?\\b(?:should"
              + "|would|must|will) be (?:considered|treated|judged|marked|deemed|graded|scored)"
              + " (?:as )?(?:incorrect|failed|failing|a failure|wrong|incomplete|unacceptable)",
          Pattern.CASE_INSENSITIVE);

  /** The most lines of introduction that may announce a rubric. */
  static final int RUBRIC_LEAD_LINES = 12;

  /**
   * Whether the document's introduction (its lines before the first section heading, at most 12)
   * says it is a grading rubric rather than a failure report.
   */
  static boolean rubric(String[] lines, boolean[] code) {
    int seen = 0;
    for (int i = 0; i < lines.length && seen < RUBRIC_LEAD_LINES; i++) {
      if (code[i] || lines[i].isBlank()) {
        continue;
      }
      if (lines[i].startsWith("##")) {
        return false;
      }
      seen++;
      if (lines[i].length() < 2000 && RUBRIC.matcher(lines[i]).find()) {
        return true;
      }
    }
    return false;
  }
}
